package io.tracelot.allocator.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.Tracking;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile values in otherwise good rows: each gets its reason, and nothing ever throws. */
class RowValidatorTest {
  private static final Map<String, Sku> SKUS = Map.of(
      "A", new Sku("A", Tracking.LOT, Policy.FEFO, null, null),
      "S", new Sku("S", Tracking.SERIAL, Policy.FEFO, null, null));
  private final RowValidator validator = new RowValidator(SKUS::get);

  private static Map<String, String> receipt(String field, String value) {
    Map<String, String> f = new HashMap<>(Map.of("event_id", "e1", "ts", "2026-11-20T08:00:00Z", "type", "RECEIPT", "sku", "A", "lot", "L1",
        "qty", "5", "warehouse", "W1", "party", "SUP"));
    f.put(field, value);
    return f;
  }

  private static Map<String, String> order(String field, String value) {
    Map<String, String> f = new HashMap<>(Map.of("order_id", "O1", "line", "1", "ts", "2026-11-20T08:00:00Z", "customer", "C", "sku", "A",
        "qty", "5", "warehouse", "W1"));
    f.put(field, value);
    return f;
  }

  private RowValidator.Result move(String field, String value) {
    return validator.movement("movements.csv", 2, "raw", receipt(field, value));
  }

  @Test
  void integers_areAnOptionalMinusAndAsciiDigits_only() {
    for (String bad : List.of("+5", "1e3", "5.0", "0x10", "1_000", "1,000", "\u0665", "\uFF15", "--5", "-", "5 5", "Infinity", "NaN")) {
      RowValidator.Result r = move("qty", bad);
      assertThat(r.reject()).as(bad).isNotNull();
      assertThat(r.reject().reason()).as(bad).isEqualTo(RejectReason.BAD_VALUE);
      assertThat(r.reject().message()).as(bad).startsWith("qty is not an integer");
    }
    assertThat(((Movement) move("qty", "007").event().event()).qty()).as("leading zeros are digits").isEqualTo(7);
  }

  @Test
  void quantities_beyond2To53_orBeyondALong_areOutOfRange() {
    for (String huge : List.of("9007199254740992", "-9007199254740992", "9223372036854775808", "9".repeat(5000))) {
      Map<String, String> adjust = receipt("type", "ADJUST");
      adjust.put("qty", huge);
      RowValidator.Result r = validator.movement("m.csv", 2, "raw", adjust);
      assertThat(r.reject().reason()).as(huge).isEqualTo(RejectReason.BAD_VALUE);
      assertThat(r.reject().message()).as(huge).startsWith("qty out of range").hasSizeLessThan(200);
    }
    assertThat(((Movement) move("qty", "9007199254740991").event().event()).qty()).isEqualTo(RowValidator.MAX_QTY);
  }

  @Test
  void negativeZero_isZero_soNotAPositiveQuantity_butAFineLineNumber() {
    assertThat(move("qty", "-0").reject().message()).isEqualTo("qty must be positive for RECEIPT, got 0");
    assertThat(((OrderLine) validator.orderLine("o.csv", 2, "raw", order("line", "-0")).event().event()).line()).isZero();
  }

  @Test
  void datesAndInstants_outOfRangeOrImpossible_areBadValues() {
    for (String date : List.of("0000-00-00", "10000-01-01", "+10000-01-01", "2024-02-30", "0000-01-01", "-0001-01-01", "2024-2-3", "20240101", "\u0662\u0660\u0662\u0664-01-01")) {
      assertThat(move("expiry", date).reject()).as(date).extracting(r -> r.reason()).isEqualTo(RejectReason.BAD_VALUE);
    }
    for (String ts : List.of("0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "+1000000001-01-01T00:00:00Z", "2024-02-30T00:00:00Z",
        "2024-01-01 00:00:00Z", "2024-01-01T00:00:00", "1700000000", "2024-01-01T00:00:00.0000001Z", "9999-12-31T23:59:59-18:00")) {
      assertThat(move("ts", ts).reject()).as(ts).extracting(r -> r.reason()).isEqualTo(RejectReason.BAD_VALUE);
    }
    assertThat(move("expiry", "9999-12-31").ok()).isTrue();
  }

  @Test
  void anyValueInAnyField_givesAnEventOrAReject_neverAnException() {
    String[] nasty = {"", " ", "-0", "+1", "1e309", "9".repeat(400), "\uFEFF", "\u0000", "\uD800", "\uDFFF\uD800", "x".repeat(300), "\u202E", "RECEIPT",
        "ADJUST", "TRANSFER", "HOLD", "SERIAL", "A", "S", "W1", "2026-11-20T08:00:00Z", "2027-01-01", "+999999999-12-31", "-999999999-01-01T00:00:00Z",
        "\"", ",", "\n", "null", "true", "{}", "[]", "-9223372036854775808", "9223372036854775807", "2147483648", "-2147483649"};
    List<String> movementFields = List.of("event_id", "ts", "type", "sku", "lot", "serial", "qty", "warehouse", "to_warehouse", "expiry", "party", "ref");
    List<String> orderFields = List.of("order_id", "line", "ts", "customer", "sku", "qty", "warehouse", "ship_date", "min_shelf_days", "priority");
    Random rnd = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      Map<String, String> m = new HashMap<>(receipt("qty", "1"));
      Map<String, String> o = new HashMap<>(order("qty", "1"));
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        m.put(movementFields.get(rnd.nextInt(movementFields.size())), nasty[rnd.nextInt(nasty.length)]);
        o.put(orderFields.get(rnd.nextInt(orderFields.size())), nasty[rnd.nextInt(nasty.length)]);
      }
      m.values().removeIf(String::isEmpty);
      o.values().removeIf(String::isEmpty);
      RowValidator.Result rm = validator.movement("m.csv", 2, "raw", m);
      RowValidator.Result ro = validator.orderLine("o.csv", 2, "raw", o);
      assertThat(rm.ok() ? rm.event() : rm.reject()).as("%s", m).isNotNull();
      assertThat(ro.ok() ? ro.event() : ro.reject()).as("%s", o).isNotNull();
      Map<String, String> s = new HashMap<>(Map.of("sku", "A", "tracking", "LOT"));
      s.put(List.of("sku", "tracking", "policy", "description", "unit").get(rnd.nextInt(5)), nasty[rnd.nextInt(nasty.length)]);
      s.values().removeIf(String::isEmpty);
      RowValidator.SkuResult rs = RowValidator.sku("s.csv", 2, "raw", s);
      assertThat(rs.sku() != null || rs.reject() != null).as("%s", s).isTrue();
    }
  }
}
