package io.tracelot.datasets;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate. Only {@code units} and {@code seed} are needed; every other setting has a
 * default derived from the units (see datasets/README.md for the ratios), which the builder lets
 * a caller override. Build with {@link #builder()}; every setter checks its value and names it in
 * the message when it is out of range.
 */
public final class GeneratorConfig {
  public static final long MIN_UNITS = 10_000L;
  public static final long MAX_UNITS = 1_000_000_000_000L;
  public static final int MIN_SKUS = 12;
  /** Bounded so that the per-sku stock model stays well inside a small heap. */
  public static final int MAX_SKUS = 200_000;
  public static final int MAX_WAREHOUSES = 99;
  public static final int MAX_CUSTOMERS = 100_000_000;
  public static final long MAX_ROWS = 100_000_000_000L;
  public static final int MAX_DAYS = 3650;
  public static final LocalDate MIN_START = LocalDate.of(2000, 1, 1);
  public static final LocalDate MAX_START = LocalDate.of(2100, 1, 1);
  public static final double MAX_BAD_ROW_FRACTION = 0.1;
  public static final int MAX_FILES_PER_TABLE = 10_000;

  public static final int DEFAULT_WAREHOUSES = 3;
  public static final int DEFAULT_DAYS = 90;
  public static final LocalDate DEFAULT_START = LocalDate.of(2026, 10, 1);
  public static final double DEFAULT_BAD_ROW_FRACTION = 0.002;
  /** Units per good movement row and per order line at the defaults (see README). */
  static final double UNITS_PER_MOVEMENT = 30;
  static final double UNITS_PER_ORDER_LINE = 24;

  private final long units;
  private final long seed;
  private final int skus;
  private final int warehouses;
  private final int customers;
  private final long orderLines;
  private final long movements;
  private final int days;
  private final LocalDate startDate;
  private final double badRowFraction;
  private final int filesPerTable;
  private final OutputFormat format;

  private GeneratorConfig(Builder b) {
    if (b.units == null) {
      throw new IllegalStateException("units is required (" + MIN_UNITS + " to " + MAX_UNITS + ")");
    }
    units = b.units;
    seed = b.seed;
    skus = b.skus != null ? b.skus : (int) clamp(Math.round(0.4 * Math.sqrt(units)), 24, MAX_SKUS);
    warehouses = b.warehouses;
    customers = b.customers != null ? b.customers : (int) clamp(Math.round(Math.sqrt(units) / 2), 12, MAX_CUSTOMERS);
    movements = b.movements != null ? b.movements : Math.max(100, Math.round(units / UNITS_PER_MOVEMENT));
    orderLines = b.orderLines != null ? b.orderLines : Math.max(100, Math.round(units / UNITS_PER_ORDER_LINE));
    days = b.days;
    startDate = b.startDate;
    badRowFraction = b.badRowFraction;
    filesPerTable = b.filesPerTable;
    format = b.format;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Total units to bring into stock by RECEIPT and PRODUCE over the dataset (a target). */
  public long units() {
    return units;
  }

  public long seed() {
    return seed;
  }

  public int skus() {
    return skus;
  }

  /** Distribution centres; the generator adds one plant where work orders run. */
  public int warehouses() {
    return warehouses;
  }

  public int customers() {
    return customers;
  }

  /** Good order lines to write (deliberately bad rows come on top). */
  public long orderLines() {
    return orderLines;
  }

  /** Good movement rows to write (deliberately bad rows come on top). */
  public long movements() {
    return movements;
  }

  public int days() {
    return days;
  }

  public LocalDate startDate() {
    return startDate;
  }

  public double badRowFraction() {
    return badRowFraction;
  }

  public int filesPerTable() {
    return filesPerTable;
  }

  public OutputFormat format() {
    return format;
  }

  @Override
  public String toString() {
    return "GeneratorConfig[units=" + units + ", seed=" + seed + ", skus=" + skus + ", warehouses=" + warehouses
        + ", customers=" + customers + ", orderLines=" + orderLines + ", movements=" + movements + ", days=" + days
        + ", startDate=" + startDate + ", badRowFraction=" + badRowFraction + ", filesPerTable=" + filesPerTable
        + ", format=" + format + "]";
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }

  /** Collects settings; each setter rejects a bad value at once, naming it. */
  public static final class Builder {
    private Long units;
    private long seed;
    private Integer skus;
    private int warehouses = DEFAULT_WAREHOUSES;
    private Integer customers;
    private Long orderLines;
    private Long movements;
    private int days = DEFAULT_DAYS;
    private LocalDate startDate = DEFAULT_START;
    private double badRowFraction = DEFAULT_BAD_ROW_FRACTION;
    private int filesPerTable = 1;
    private OutputFormat format = OutputFormat.CSV;

    private Builder() {}

    public Builder units(long units) {
      this.units = check("units", units, MIN_UNITS, MAX_UNITS);
      return this;
    }

    /** Any long; the same seed and settings give byte-identical files. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder skus(int skus) {
      this.skus = (int) check("skus", skus, MIN_SKUS, MAX_SKUS);
      return this;
    }

    public Builder warehouses(int warehouses) {
      this.warehouses = (int) check("warehouses", warehouses, 1, MAX_WAREHOUSES);
      return this;
    }

    public Builder customers(int customers) {
      this.customers = (int) check("customers", customers, 1, MAX_CUSTOMERS);
      return this;
    }

    public Builder orderLines(long orderLines) {
      this.orderLines = check("orderLines", orderLines, 1, MAX_ROWS);
      return this;
    }

    public Builder movements(long movements) {
      this.movements = check("movements", movements, 1, MAX_ROWS);
      return this;
    }

    public Builder days(int days) {
      this.days = (int) check("days", days, 1, MAX_DAYS);
      return this;
    }

    public Builder startDate(LocalDate startDate) {
      Objects.requireNonNull(startDate, "startDate must not be null");
      if (startDate.isBefore(MIN_START) || startDate.isAfter(MAX_START)) {
        throw new IllegalArgumentException("startDate must be from " + MIN_START + " to " + MAX_START + ", got " + startDate);
      }
      this.startDate = startDate;
      return this;
    }

    public Builder badRowFraction(double badRowFraction) {
      // the negated comparison also rejects NaN
      if (!(badRowFraction >= 0 && badRowFraction <= MAX_BAD_ROW_FRACTION)) {
        throw new IllegalArgumentException("badRowFraction must be from 0 to " + MAX_BAD_ROW_FRACTION + ", got " + badRowFraction);
      }
      this.badRowFraction = badRowFraction;
      return this;
    }

    /** 1 writes {@code movements.csv}; more split movements and orders into {@code movements/part-00000.csv}... */
    public Builder filesPerTable(int filesPerTable) {
      this.filesPerTable = (int) check("filesPerTable", filesPerTable, 1, MAX_FILES_PER_TABLE);
      return this;
    }

    public Builder format(OutputFormat format) {
      this.format = Objects.requireNonNull(format, "format must not be null");
      return this;
    }

    public GeneratorConfig build() {
      return new GeneratorConfig(this);
    }

    private static long check(String name, long value, long min, long max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
      }
      return value;
    }
  }
}
