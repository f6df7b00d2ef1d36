package io.tracelot.datasets;

/** The carrier of the generated tables; inputs.md gives both the same meaning. */
public enum OutputFormat {
  CSV("csv"),
  JSONL("jsonl");

  private final String extension;

  OutputFormat(String extension) {
    this.extension = extension;
  }

  /** File name extension without the dot. */
  public String extension() {
    return extension;
  }
}
