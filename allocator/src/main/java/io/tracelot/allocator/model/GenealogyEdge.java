package io.tracelot.allocator.model;

/** A component lot consumed by work order {@code ref} that produced {@code child}. */
public record GenealogyEdge(String parentSku, String parentLot, String childSku, String childLot, String ref) {
  public GenealogyEdge {
    Ids.require("parent_sku", parentSku);
    Ids.require("child_sku", childSku);
    Ids.require("ref", ref);
  }
}
