package io.tracelot.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code _manifest.json}: what a snapshot is (format and version), which run made it from which
 * inputs, and what it holds. Field names are snake_case; unknown fields are ignored on read so
 * that later minor additions stay readable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    @JsonProperty("format") String format,
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("run_id") String runId,
    @JsonProperty("started") Instant started,
    @JsonProperty("finished") Instant finished,
    @JsonProperty("input_files") List<InputFile> inputFiles,
    @JsonProperty("tables") Map<String, TableInfo> tables,
    @JsonProperty("allocation_policy_version") String allocationPolicyVersion,
    @JsonProperty("from_run_id") String fromRunId,
    @JsonProperty("rejects_by_reason") Map<String, Long> rejectsByReason,
    @JsonProperty("invariants") Map<String, String> invariants,
    @JsonProperty("input_rows") Map<String, InputRows> inputRows) {

  public static final String FILE_NAME = "_manifest.json";
  public static final String FORMAT = "tracelot-snapshot";
  /** The snapshot format version this build writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;
  public static final String ALLOCATION_POLICY_V1 = "tracelot-allocation-v1";
  /** The value of an invariant that holds; any other value says what is wrong. */
  public static final String OK = "ok";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  public Manifest {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(runId, "run_id");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    Objects.requireNonNull(allocationPolicyVersion, "allocation_policy_version");
    inputFiles = inputFiles == null ? List.of() : List.copyOf(inputFiles);
    tables = tables == null ? Map.of() : unmodifiableCopy(tables);
    rejectsByReason = rejectsByReason == null ? Map.of() : unmodifiableCopy(rejectsByReason);
    invariants = invariants == null ? Map.of() : unmodifiableCopy(invariants);
    inputRows = inputRows == null ? Map.of() : unmodifiableCopy(inputRows);
  }

  /** A manifest of the current format version. */
  public static Manifest of(
      String runId,
      Instant started,
      Instant finished,
      List<InputFile> inputFiles,
      Map<String, TableInfo> tables,
      String allocationPolicyVersion,
      String fromRunId,
      Map<String, Long> rejectsByReason,
      Map<String, String> invariants) {
    return new Manifest(
        FORMAT, FORMAT_VERSION, runId, started, finished, inputFiles, tables, allocationPolicyVersion, fromRunId,
        rejectsByReason, invariants, null);
  }

  /** This manifest with the input row accounting of the run, per input table. */
  public Manifest withInputRows(Map<String, InputRows> rows) {
    return new Manifest(format, formatVersion, runId, started, finished, inputFiles, tables, allocationPolicyVersion, fromRunId,
        rejectsByReason, invariants, rows);
  }

  // keeps the writer's order (tables, reasons) in the JSON; Map.copyOf would not
  private static <V> Map<String, V> unmodifiableCopy(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * The rows of one input table this run read, applied and rejected: {@code read = applied +
   * rejected} holds in every published snapshot (a run that breaks it publishes nothing). Absent
   * (an empty map) in snapshots written before this accounting existed.
   *
   * @param applied skus accepted into the item master, movements accepted into the ledger, order
   *     lines allocated or backordered
   * @param files per input file (name relative to the input directory): rows read and rejected
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InputRows(
      @JsonProperty("read") long read,
      @JsonProperty("applied") long applied,
      @JsonProperty("rejected") long rejected,
      @JsonProperty("files") Map<String, FileRows> files) {
    public InputRows {
      files = files == null ? Map.of() : unmodifiableCopy(files);
    }

    public boolean balanced() {
      return read == applied + rejected;
    }
  }

  /** Rows of one input file: non-blank records read, and how many of them were rejected. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FileRows(@JsonProperty("read") long read, @JsonProperty("rejected") long rejected) {}

  /** One input file of the run, so that a snapshot can be traced back to exactly what it read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InputFile(
      @JsonProperty("table") String table,
      @JsonProperty("file") String file,
      @JsonProperty("bytes") long bytes,
      @JsonProperty("sha256") String sha256) {

    /** Describes {@code file}, reading it once for its SHA-256. */
    public static InputFile of(String table, Path file) throws IOException {
      MessageDigest digest;
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
      long bytes = 0;
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          bytes += n;
        }
      }
      return new InputFile(table, file.toString(), bytes, HexFormat.of().formatHex(digest.digest()));
    }
  }

  /** Rows of one table and its files, relative to the snapshot directory. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TableInfo(@JsonProperty("rows") long rows, @JsonProperty("files") List<String> files) {
    public TableInfo {
      files = files == null ? List.of() : List.copyOf(files);
    }
  }

  /** Writes {@code _manifest.json} into {@code dir}. */
  public void write(Path dir) throws IOException {
    JSON.writeValue(dir.resolve(FILE_NAME).toFile(), this);
  }

  /**
   * Reads and checks the manifest of a snapshot directory.
   *
   * @throws SnapshotFormatException naming the file when it is missing (not a snapshot), of
   *     another format, of a format version other than {@link #FORMAT_VERSION}, or corrupt
   */
  public static Manifest read(Path snapshotDir) throws IOException {
    Path file = snapshotDir.resolve(FILE_NAME);
    JsonNode tree;
    try {
      tree = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new SnapshotFormatException(file, "not a Tracelot snapshot (no " + FILE_NAME + ")");
    } catch (JacksonException e) {
      throw new SnapshotFormatException(file, "corrupt (not JSON: " + e.getOriginalMessage() + ")", e);
    }
    if (tree == null || !tree.isObject()) {
      throw new SnapshotFormatException(file, "corrupt (not a JSON object)");
    }
    JsonNode format = tree.get("format");
    if (format == null || !FORMAT.equals(format.asText())) {
      throw new SnapshotFormatException(
          file, "not a Tracelot snapshot (format " + (format == null ? "missing" : "'" + format.asText() + "'") + ")");
    }
    JsonNode version = tree.get("format_version");
    if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
      throw new SnapshotFormatException(file, "corrupt (format_version " + version + ")");
    }
    int v = version.intValue();
    if (v > FORMAT_VERSION) {
      throw new SnapshotFormatException(
          file, "too new (format_version " + v + ", this build reads " + FORMAT_VERSION + ")");
    }
    if (v < FORMAT_VERSION) {
      throw new SnapshotFormatException(
          file, "too old (format_version " + v + ", this build reads " + FORMAT_VERSION + ")");
    }
    try {
      return JSON.treeToValue(tree, Manifest.class);
    } catch (JacksonException e) {
      throw new SnapshotFormatException(file, "corrupt (" + e.getOriginalMessage() + ")", e);
    } catch (IllegalArgumentException e) {
      throw new SnapshotFormatException(file, "corrupt (" + e.getMessage() + ")", e);
    }
  }
}
