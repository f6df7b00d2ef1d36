package io.tracelot.jobs.cli;

import io.tracelot.query.TraceIndex;
import io.tracelot.trace.AnswerWriter;
import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceFormat;
import io.tracelot.trace.TraceQuery;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every trace command shares, and running one query. */
final class TraceOutput {
  @Option(names = "--snapshot", required = true, description = "snapshot directory with its index (tracelot index)")
  Path snapshot;

  @Option(names = "--format", defaultValue = "table", converter = FormatConverter.class,
      description = "table, json, csv, fsma204 or arrow (default ${DEFAULT-VALUE})")
  TraceFormat format;

  @Option(names = "--out", description = "write to this file instead of standard output")
  Path out;

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<TraceFormat> {
    @Override
    public TraceFormat convert(String value) {
      return TraceFormat.parse(value);
    }
  }

  int run(TraceQuery query) throws Exception {
    TraceAnswer answer;
    try (TraceIndex index = TraceIndex.open(snapshot)) {
      answer = index.trace(query);
    }
    try (OutputStream o = out == null ? new BufferedOutputStream(System.out) : Files.newOutputStream(out)) {
      AnswerWriter.write(answer, format, o);
    }
    if (!answer.found() && format != TraceFormat.TABLE && format != TraceFormat.JSON) {
      System.err.println("tracelot: not found in snapshot run " + answer.runId() + ": " + answer.query());
    }
    return 0;
  }
}
