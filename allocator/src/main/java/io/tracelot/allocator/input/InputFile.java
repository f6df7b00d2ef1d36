package io.tracelot.allocator.input;

import io.tracelot.allocator.model.InputSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One file of an input table.
 *
 * @param name the path relative to the input directory with '/' separators, e.g. {@code
 *     movements/part-0001.csv}: what rows and rejects carry
 */
public record InputFile(InputSource table, Path path, String name, long sizeBytes) {
  public InputFile {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    if (!name.endsWith(".csv") && !name.endsWith(".jsonl")) {
      throw new IllegalArgumentException("an input file is .csv or .jsonl, got '" + name + "'");
    }
  }

  public boolean isJsonLines() {
    return name.endsWith(".jsonl");
  }

  /** Opens the rows with the default record cap; see {@link #open(int)}. */
  public RowReader open() {
    return open(CsvRowReader.DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * Opens the rows, CSV or JSON Lines by the file's extension; a CSV header is read and checked.
   *
   * @throws InputException when the file cannot be opened or read, or its header is unusable
   */
  public RowReader open(int maxRecordBytes) {
    InputStream in;
    try {
      in = Files.newInputStream(path);
    } catch (IOException e) {
      throw new InputException(name + ": cannot read " + path + ": " + e, e);
    }
    try {
      return isJsonLines()
          ? new JsonLinesRowReader(in, table, name, maxRecordBytes)
          : new CsvRowReader(in, table, name, maxRecordBytes);
    } catch (UncheckedIOException e) { // the first bytes could not be read: as unreadable as can be
      throw new InputException(e.getMessage(), e.getCause());
    }
  }

  /** The SHA-256 of the file's bytes in lower-case hex, for the run manifest. */
  public String sha256() {
    MessageDigest digest = sha256Digest();
    byte[] chunk = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n; (n = in.read(chunk)) > 0; ) {
        digest.update(chunk, 0, n);
      }
    } catch (IOException e) {
      throw new InputException(name + ": cannot read " + path + ": " + e, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * What one read of the file gives: its rows, counted exactly as the readers yield them (every
   * non-blank record, parse errors included, header excluded), and its SHA-256.
   */
  public record Scan(long rows, long bytes, String sha256) {}

  /**
   * Reads the file once through its row reader and a digest.
   *
   * @throws InputException when the file cannot be read or its header is unusable
   */
  public Scan scan() {
    MessageDigest digest = sha256Digest();
    InputStream file;
    try {
      file = Files.newInputStream(path);
    } catch (IOException e) {
      throw new InputException(name + ": cannot read " + path + ": " + e, e);
    }
    long[] bytes = {0};
    InputStream in = new DigestInputStream(file, digest) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        bytes[0] += Math.max(n, 0);
        return n;
      }
    };
    long rows;
    try (RowReader reader = isJsonLines()
        ? new JsonLinesRowReader(in, table, name, CsvRowReader.DEFAULT_MAX_RECORD_BYTES)
        : new CsvRowReader(in, table, name, CsvRowReader.DEFAULT_MAX_RECORD_BYTES)) {
      rows = reader.countRemaining();
      in.transferTo(OutputStream.nullOutputStream()); // the readers stop at the end anyway
    } catch (IOException | UncheckedIOException e) {
      throw new InputException(name + ": cannot read " + path + ": " + e.getMessage(), e);
    }
    return new Scan(rows, bytes[0], HexFormat.of().formatHex(digest.digest()));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
