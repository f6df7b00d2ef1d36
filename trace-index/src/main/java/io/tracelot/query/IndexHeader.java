package io.tracelot.query;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code index/_index.json}: the format and version of the index, the snapshot run it was built
 * from, the rows per record batch of its files (each file's batches hold that many rows, the last
 * fewer) and its files with row counts and sizes. Written last: an index without it is unfinished.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record IndexHeader(
    @JsonProperty("format") String format,
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("run_id") String runId,
    @JsonProperty("built") String built,
    @JsonProperty("batch_rows") int batchRows,
    @JsonProperty("files") Map<String, FileInfo> files) {

  static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  record FileInfo(@JsonProperty("rows") long rows, @JsonProperty("bytes") long bytes) {}

  void write(Path file) throws IOException {
    Files.write(file, JSON.writeValueAsBytes(this));
  }

  /**
   * Reads and checks the header: present, JSON, our format, our version, the fields.
   *
   * @throws IndexFormatException naming the file otherwise
   */
  static IndexHeader read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IndexFormatException(file, "no trace index (run: tracelot index SNAPSHOT)");
    }
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (JacksonException e) {
      throw new IndexFormatException(file, "corrupt: not JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject() || !IndexLayout.FORMAT.equals(node.path("format").asText(null))) {
      throw new IndexFormatException(file, "corrupt: not a Tracelot trace index header");
    }
    checkVersion(file, node.path("format_version").asText(null));
    try {
      IndexHeader h = JSON.treeToValue(node, IndexHeader.class);
      if (h.runId() == null || h.files() == null || h.batchRows() < 1) {
        throw new IndexFormatException(file, "corrupt: run_id, batch_rows and files are required");
      }
      return h;
    } catch (JacksonException e) {
      throw new IndexFormatException(file, "corrupt: " + e.getOriginalMessage());
    }
  }

  /** Too new, too old or not a version: each an error naming the file. */
  static void checkVersion(Path file, String version) throws IndexFormatException {
    int v;
    try {
      v = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw new IndexFormatException(file, "corrupt: index format version '" + version + "' is not a number");
    }
    if (v > IndexLayout.VERSION) {
      throw new IndexFormatException(file, "index format version " + v + " is too new: this build reads version "
          + IndexLayout.VERSION + " (upgrade Tracelot, or rebuild the index with tracelot index)");
    }
    if (v < IndexLayout.VERSION) {
      throw new IndexFormatException(file, "index format version " + v + " is too old: this build reads version "
          + IndexLayout.VERSION + " (rebuild it with tracelot index)");
    }
  }
}
