package io.tracelot.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {

  @Test
  void builder_rejectsEachBadSetting_withAMessageNamingSettingAndValue() {
    GeneratorConfig.Builder b = GeneratorConfig.builder();
    assertThatThrownBy(() -> b.units(9_999)).hasMessageContaining("units").hasMessageContaining("9999");
    assertThatThrownBy(() -> b.units(2_000_000_000_000L)).hasMessageContaining("units").hasMessageContaining("2000000000000");
    assertThatThrownBy(() -> b.skus(3)).hasMessageContaining("skus").hasMessageContaining("got 3");
    assertThatThrownBy(() -> b.warehouses(0)).hasMessageContaining("warehouses").hasMessageContaining("got 0");
    assertThatThrownBy(() -> b.customers(-4)).hasMessageContaining("customers").hasMessageContaining("-4");
    assertThatThrownBy(() -> b.orderLines(0)).hasMessageContaining("orderLines").hasMessageContaining("got 0");
    assertThatThrownBy(() -> b.movements(-1)).hasMessageContaining("movements").hasMessageContaining("-1");
    assertThatThrownBy(() -> b.days(3651)).hasMessageContaining("days").hasMessageContaining("3651");
    assertThatThrownBy(() -> b.startDate(LocalDate.of(1999, 12, 31))).hasMessageContaining("startDate").hasMessageContaining("1999-12-31");
    assertThatThrownBy(() -> b.badRowFraction(0.5)).hasMessageContaining("badRowFraction").hasMessageContaining("0.5");
    assertThatThrownBy(() -> b.badRowFraction(Double.NaN)).hasMessageContaining("badRowFraction").hasMessageContaining("NaN");
    assertThatThrownBy(() -> b.filesPerTable(0)).hasMessageContaining("filesPerTable").hasMessageContaining("got 0");
    assertThatThrownBy(() -> b.format(null)).hasMessageContaining("format");
  }

  @Test
  void build_withoutUnits_failsNamingTheMissingSetting() {
    assertThatThrownBy(() -> GeneratorConfig.builder().seed(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("units is required");
  }

  @Test
  void defaults_scaleWithUnits_andOverridesWin() {
    GeneratorConfig small = GeneratorConfig.builder().units(10_000).build();
    assertThat(small.skus()).isBetween(24, 60);
    assertThat(small.warehouses()).isEqualTo(3);
    assertThat(small.days()).isEqualTo(90);
    assertThat(small.badRowFraction()).isEqualTo(0.002);
    assertThat(small.format()).isEqualTo(OutputFormat.CSV);

    GeneratorConfig large = GeneratorConfig.builder().units(100_000_000).build();
    assertThat(large.skus()).isGreaterThan(1000);
    assertThat(large.movements()).isEqualTo(Math.round(100_000_000 / GeneratorConfig.UNITS_PER_MOVEMENT));
    assertThat(large.orderLines()).isEqualTo(Math.round(100_000_000 / GeneratorConfig.UNITS_PER_ORDER_LINE));

    GeneratorConfig overridden = GeneratorConfig.builder().units(100_000_000).movements(10_000_000).orderLines(10_000_000).skus(500).build();
    assertThat(overridden.movements()).isEqualTo(10_000_000);
    assertThat(overridden.orderLines()).isEqualTo(10_000_000);
    assertThat(overridden.skus()).isEqualTo(500);
  }
}
