package cnnx.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a lowering's variant is chosen: defaults, tables, trials on every layer or on every other one. */
class TuningTest {
  private static final List<String> THREE = List.of("rules", "b", "c");
  private static final List<String> TWO = List.of("rules", "b");

  @Test
  void noneTakesTheDefaultAndRecordsNothing() {
    assertEquals("rules", Tuning.NONE.choose("k", THREE, List.of("n")));
    assertTrue(Tuning.NONE.offers().isEmpty());
    assertTrue(Tuning.NONE.isEmpty());
  }

  @Test
  void aTableChoiceIsTakenOnlyWhereTheLoweringOffersIt() {
    Tuning t = Tuning.of(Map.of("k", "c", "stale", "gone"));
    assertEquals("c", t.choose("k", THREE, List.of("n1")));
    assertEquals("rules", t.choose("stale", THREE, List.of("n2")));
    assertEquals("rules", t.choose("other", THREE, List.of("n3")));
    List<Tuning.Offer> o = t.offers();
    assertEquals(3, o.size());
    assertTrue(o.get(0).fromTable());
    assertFalse(o.get(1).fromTable());
    assertTrue(t.fresh().offers().isEmpty(), "offers are per compile");
    assertEquals("c", t.fresh().choose("k", THREE, List.of("n1")));
  }

  @Test
  void aTrialTakesItsIndexWhereOfferedAndTheDefaultElsewhere() {
    Tuning t = Tuning.trial(2);
    assertEquals("c", t.choose("a", THREE, List.of("n1")));
    assertEquals("rules", t.choose("b", TWO, List.of("n2")));
    assertEquals(List.of(2, 0), t.offers().stream().map(Tuning.Offer::chosen).toList());
  }

  @Test
  void aParityTrialChangesEveryOtherLayer() {
    Tuning even = Tuning.trial(1, 0);
    Tuning odd = Tuning.trial(1, 1);
    for (int i = 0; i < 5; i++) {
      even.choose("k" + i, THREE, List.of("n" + i));
      odd.choose("k" + i, THREE, List.of("n" + i));
    }
    assertEquals(List.of(1, 0, 1, 0, 1), even.offers().stream().map(Tuning.Offer::chosen).toList());
    assertEquals(List.of(0, 1, 0, 1, 0), odd.offers().stream().map(Tuning.Offer::chosen).toList());
    assertThrows(IllegalArgumentException.class, () -> Tuning.trial(1, 2));
    assertThrows(IllegalArgumentException.class, () -> Tuning.trial(-1));
    assertThrows(IllegalArgumentException.class, () -> Tuning.NONE.choose("k", List.of(), List.of()));
  }
}
