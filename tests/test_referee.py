"""The referee's layer, table-driven: statements, direction, as known when said, margin and what flips a
verdict, evidence class, target status and bounds. Expected values are worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kzseries import claims, referee
from test_claims import WDI, Frames, claim, mframe, obs

GDP = "GDP in current US dollars (World Bank WDI)"


# ------------------------------------------------------------------------------------ statements
@pytest.mark.parametrize("verdicts, by_construction, want", [
    (["consistent"], [False], "consistent"),
    (["consistent", "overstated"], [False, False], "partly_consistent"),
    (["overstated", "understated"], [False, False], "inconsistent"),
    (["overstated", "overstated"], [False, False], "overstated"),
    (["unverifiable", "consistent"], [False, False], "consistent"),           # what can be judged decides
    (["not_yet_published", "understated"], [False, False], "understated"),
    (["unverifiable", "pending"], [False, False], "unverifiable"),           # nothing judged: the first stands
    (["consistent", "overstated"], [True, False], "overstated"),              # by construction is left out ...
    (["consistent", "consistent"], [True, True], "consistent"),               # ... unless it is all there is
])
def test_one_verdict_per_statement(verdicts, by_construction, want):
    assert referee.statement_verdict(verdicts, by_construction) == want


def test_statements_group_checks_by_sentence_and_count_only_primaries():
    rows = pd.DataFrame([
        dict(claim_id="a", statement_id="a", reading_of="", verdict="consistent", by_construction="", robust="robust",
             evidence="statistics", lean="", verdict_when_said="consistent", series="gdp", document="d",
             said_on="2025-01-01"),
        dict(claim_id="a.alt", statement_id="a", reading_of="a", verdict="overstated", by_construction="",
             robust="robust", evidence="statistics", lean="", verdict_when_said="overstated", series="gdp",
             document="d", said_on="2025-01-01"),
        dict(claim_id="b", statement_id="a", reading_of="", verdict="understated", by_construction="",
             robust="fragile", evidence="official", lean="", verdict_when_said="not_yet_published", series="gdp",
             document="d", said_on="2025-01-01"),
        dict(claim_id="c", statement_id="c", reading_of="", verdict="unverifiable", by_construction="", robust="",
             evidence="", lean="likely overstated", verdict_when_said="unverifiable", series="fdi", document="d",
             said_on="2025-01-01")])
    reg = [claim(claim_id="a", statement="Sentence A."), claim(claim_id="c", statement="Sentence C.")]
    st = referee.statements(rows, reg).set_index("statement_id")
    assert list(st.index) == ["a", "c"]
    assert st.loc["a", "verdict"] == "partly_consistent" and st.loc["a", "checks"] == 3
    assert st.loc["a", "primary_checks"] == 2 and st.loc["a", "fragile"] == "b"
    assert st.loc["a", "evidence"] == "official" and st.loc["a", "statement"] == "Sentence A."
    assert st.loc["a", "verdict_when_said"] == "consistent"    # b was not yet published: a decides
    assert st.loc["c", "verdict"] == "unverifiable" and st.loc["c", "lean"] == "likely overstated"


# ---------------------------------------------------------------------------------------- margins
@pytest.mark.parametrize("qualifier, margins", [
    # stated 100 against 97 (+3.093%) and 103 (-2.913%), at 5%: the distance to the nearest edge that applies
    ("exact", (1.91, 2.09)), ("about", (1.91, 2.09)), ("nearly", (1.91, 2.09)),
    ("more_than", (1.91, 7.91)), ("at_least", (1.91, 7.91)),   # only the upper edge: 5 - 3.093, 5 + 2.913
    ("up_to", (8.09, 2.09)),                                     # only the lower edge: 3.093 + 5, 5 - 2.913
])
def test_the_margin_is_the_distance_to_the_edge_the_qualifier_sets_in_hundredths(qualifier, margins):
    for measured, margin in zip((97.0, 103.0), margins):
        r = claims.check(claim(stated_value=100.0, period_end="2024", qualifier=qualifier),
                         Frames(gdp_usd_wdi=mframe({2024: measured})), 5.0)
        assert (r["verdict"], r["margin_pct"]) == ("consistent", margin), (qualifier, measured)


# ------------------------------------------------------------------------------------- direction
def direction(**kw) -> claims.Claim:
    return claim(kind="direction", base_period="2018", period_end="2024", **kw)


@pytest.mark.parametrize("kw, values, verdict, margin", [
    (dict(direction="up"), {2018: 100.0, 2024: 120.0}, "consistent", 20.0),
    (dict(direction="down"), {2018: 100.0, 2024: 120.0}, "not_supported", 20.0),
    (dict(direction="down"), {2018: 100.0, 2024: 90.0}, "consistent", 10.0),
    (dict(direction="up"), {2018: 100.0, 2024: 100.0}, "not_supported", 0.0),         # flat is not a rise
    (dict(direction="closer", reference_value=150.0), {2018: 100.0, 2024: 120.0}, "consistent", 13.33),
    (dict(direction="closer", reference_value=110.0), {2018: 100.0, 2024: 120.0}, "not_supported", 0.0),
    (dict(direction="closer", reference_value=150.0), {2018: 100.0, 2024: 90.0}, "not_supported", 6.67),
    # small moves count: half a point up is a rise, closing the gap by a third of a point is closer
    (dict(direction="up"), {2018: 100.0, 2024: 100.5}, "consistent", 0.5),
    (dict(direction="closer", reference_value=150.0), {2018: 100.0, 2024: 100.5}, "consistent", 0.33),
])
def test_a_direction_is_judged_on_sign_and_size(kw, values, verdict, margin):
    r = claims.check(direction(**kw), Frames(gdp_usd_wdi=mframe(values)), 5.0)
    assert r["verdict"] == verdict and r["margin_pct"] == pytest.approx(margin, abs=0.005)
    assert math.isnan(r["deviation_pct"]) and math.isnan(r["stated_value"])   # a direction states no figure


@pytest.mark.parametrize("kw, values, row", [
    (dict(direction="up"), {2018: 100.0, 2024: 120.0},
     ("consistent", 120.0, "2018/2024", "wb-719b00", 20.0, f"The {GDP} went up from 100 in 2018 to 120 in 2024 "
      "(+20.0%), so the statement that it went up is consistent.")),
    (dict(direction="up"), {2018: 100.0, 2024: 90.0},
     ("not_supported", 90.0, "2018/2024", "wb-719b00", 10.0, f"The {GDP} went down from 100 in 2018 to 90 in 2024 "
      "(-10.0%), so the statement that it went up is not supported.")),
    (dict(direction="down"), {2018: 100.0, 2024: 100.0},
     ("not_supported", 100.0, "2018/2024", "wb-719b00", 0.0, f"The {GDP} was 100 in both 2018 and 2024, so the "
      "statement that it went down is not supported.")),
    (dict(direction="up"), {2019: 120.0},
     ("unverifiable", math.nan, "2018/2024", "", math.nan, f"The {GDP} has no value for 2018 or 2024, so its "
      "direction 2018 to 2024 cannot be measured.")),
    (dict(direction="closer", reference_value=110.0), {2018: 100.0, 2024: 120.0},
     ("not_supported", 120.0, "2018/2024", "wb-719b00", 0.0, f"The {GDP} went from 100 in 2018 (91% of 110) to 120 "
      "in 2024 (109% of it): the gap to 110 did not narrow (0.0 points of it), so the statement that it moved closer "
      "is not supported. 110 is the statement's comparison, not a figure it states.")),
])
def test_a_direction_row_in_full(kw, values, row):
    r = claims.check(direction(**kw), Frames(gdp_usd_wdi=mframe(values)), 5.0)
    got = (r["verdict"], r["measured_value"], r["measured_period"], r["measured_source_ids"], r["margin_pct"],
           r["explanation"])
    assert got[0] == row[0] and got[2:4] == row[2:4] and got[5] == row[5]
    for a, b in ((got[1], row[1]), (got[4], row[4])):
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)


def test_a_direction_of_growth_reads_the_growth_rates_not_the_levels():
    # levels rise from 2018 to 2024, growth falls from 10% to 5%: "growth picked up" is not supported
    levels = {2017: 100.0, 2018: 110.0, 2023: 120.0, 2024: 126.0}
    r = claims.check(direction(direction="up", transform="growth_pct"), Frames(gdp_usd_wdi=mframe(levels)), 5.0)
    assert r["verdict"] == "not_supported" and r["measured_value"] == pytest.approx(5.0)
    assert claims.check(direction(direction="up"), Frames(gdp_usd_wdi=mframe(levels)), 5.0)["verdict"] == "consistent"


def test_closer_names_the_comparison_as_context_not_as_a_stated_figure():
    r = claims.check(direction(direction="closer", reference_value=150.0),
                     Frames(gdp_usd_wdi=mframe({2018: 100.0, 2024: 120.0})), 5.0)
    assert r["benchmark_value"] == 150.0 and r["measured_value"] == 120.0 and r["measured_period"] == "2018/2024"
    assert r["explanation"] == (f"The {GDP} went from 100 in 2018 (67% of 150) to 120 in 2024 (80% of it): the gap "
                                "to 150 narrowed (13.3 points of it), so the statement that it moved closer is "
                                "consistent. 150 is the statement's comparison, not a figure it states.")


def test_a_direction_without_both_years_is_unverifiable():
    r = claims.check(direction(direction="up"), Frames(gdp_usd_wdi=mframe({2024: 120.0})), 5.0)
    assert r["verdict"] == "unverifiable" and "no value for 2018" in r["explanation"]


# ----------------------------------------------------------------------------------- when said
def dated(values: dict[int, tuple[float, str]]) -> pd.DataFrame:
    """One WDI row per year with its own publication date."""
    o = obs({y: v for y, (v, _) in values.items()})
    o["published"] = [d for _, d in values.values()]
    return o


NO_SOURCES = pd.DataFrame({"source_id": [WDI], "publisher": ["World Bank WDI"], "published": [""]})


@pytest.mark.parametrize("published, verdict, measured", [
    ("2025-02-01", "consistent", 290.0),         # out before the statement: judged on it
    ("2025-03-17", "consistent", 290.0),         # out that very day
    ("2025-07-01", "not_yet_published", None),   # out after it
    ("2025", "undetermined", 290.0),             # dated to the year only: may or may not have been out
    ("2025-03", "undetermined", 290.0),          # the month of the statement: cannot tell
    ("2025-02", "consistent", 290.0),            # the month before: surely out
    ("", "undetermined", 290.0),                 # no date at all
])
def test_as_known_when_said(published, verdict, measured):
    c = claim(stated_value=288.0, period_end="2024", published="2025-03-17")
    o = dated({2024: (290.0, published)})
    now = claims.check(c, claims.Context(o), 5.0)
    out = referee.when_said(c, now, o, referee.publication_dates(o, NO_SOURCES), 5.0)
    assert out["said_on"] == "2025-03-17" and out["verdict_when_said"] == verdict
    assert (measured is None and math.isnan(out["measured_when_said"])) or out["measured_when_said"] == measured
    if verdict == "not_yet_published":
        assert out["when_said_note"].startswith("Not yet published when it was said")


@pytest.mark.parametrize("published_is, said, verdict", [
    ("snapshot", "2025-03-17", "undetermined"),       # copied later: it may have been out long before
    ("release", "2025-03-17", "not_yet_published"),   # released later: it was not out
    ("snapshot", "2024-11-30", "not_yet_published"),  # said before 2024 ended: no 2024 value can have been out
    ("page", "2026-01-05", "consistent"),             # surely out by then, whatever the date is
])
def test_a_source_dated_only_by_its_copy_says_when_a_row_was_surely_out_not_since_when(published_is, said, verdict):
    c = claim(stated_value=288.0, period_end="2024", published=said)
    o = obs({2024: 290.0})  # the row has no date of its own: its source's stands for it
    src = pd.DataFrame({"source_id": [WDI], "publisher": ["World Bank WDI"], "published": ["2025-11-01"],
                        "published_is": [published_is]})
    now = claims.check(c, claims.Context(o), 5.0)
    out = referee.when_said(c, now, o, referee.publication_dates(o, src), 5.0,
                            first=referee.first_possible(o, src))
    assert out["verdict_when_said"] == verdict
    if verdict == "undetermined":
        assert out["measured_when_said"] == 290.0 and "the day their source was copied" in out["when_said_note"]
    if verdict == "not_yet_published":
        assert math.isnan(out["measured_when_said"]) and "can have been out by" in out["when_said_note"]


@pytest.mark.parametrize("said, verdict", [("2024-06-30", "not_yet_published"), ("2025-01-15", "undetermined")])
def test_an_undated_statistic_cannot_have_been_out_before_its_period_ended(said, verdict):
    o = obs({2024: 290.0})
    o["published"] = ""
    c = claim(stated_value=288.0, period_end="2024", published=said)
    out = referee.when_said(c, claims.check(c, claims.Context(o), 5.0), o,
                            referee.publication_dates(o, NO_SOURCES), 5.0)
    assert out["verdict_when_said"] == verdict


@pytest.mark.parametrize("status, possibly_out", [
    ("final", False), ("preliminary", False),  # statistics of 2024: not before 2024 has ended
    ("statement", True), ("operational", True), ("estimate", True), ("forecast", True),  # these can come earlier
])
def test_which_undated_rows_may_have_been_out_before_their_period_ended(status, possibly_out):
    o = obs({2024: 290.0}, status=status)
    o["published"] = ""
    dates = referee.publication_dates(o, NO_SOURCES)
    assert len(referee.known_on(o, dates, "2024-06-30", surely=False)) == int(possibly_out)
    assert len(referee.known_on(o, dates, "2025-01-15", surely=False)) == 1
    assert len(referee.known_on(o, dates, "2030-01-01", surely=True)) == 0  # undated: never surely out


def test_when_said_uses_the_vintage_of_the_time_and_a_source_date_when_the_row_has_none():
    c = claim(stated_value=100.0, period_end="2024", said_on="2025-03-17", published="")
    o = obs({2024: 110.0}, source="wb-new")
    o = pd.concat([obs({2024: 101.0}, source=WDI), o])
    src = pd.DataFrame({"source_id": [WDI, "wb-new"], "publisher": ["WDI", "WDI"],
                        "published": ["2025-03-01", "2026-07-01"]})
    dates = referee.publication_dates(o, src)
    assert list(dates) == ["2025-03-01", "2026-07-01"]
    assert len(referee.known_on(o, dates, "2025-03-17")) == 1
    out = referee.when_said(c, claims.check(c, claims.Context(o), 5.0), o, dates, 5.0)
    assert (out["said_on"], out["verdict_when_said"], out["measured_when_said"]) == ("2025-03-17", "consistent", 101.0)


def test_a_target_whose_horizon_had_not_begun_is_pending_when_said():
    c = claim(kind="target", target_form="cumulative", stated_value=100.0, qualifier="at_least", period_start="2023",
              period_end="2026", said_on="2022-12")
    o = dated({2023: (30.0, "2024-02-01"), 2024: (30.0, "2025-02-01")})
    now = claims.check(c, claims.Context(o), 5.0)
    out = referee.when_said(c, now, o, referee.publication_dates(o, NO_SOURCES), 5.0)
    assert out["verdict_when_said"] == "pending"


@pytest.mark.parametrize("date, first, last", [("2019", "2019-01-01", "2019-12-31"),
                                               ("2024-02", "2024-02-01", "2024-02-29"),
                                               ("2025-03-17", "2025-03-17", "2025-03-17"), ("", "", "")])
def test_partial_dates_are_read_by_their_first_and_last_day(date, first, last):
    assert (referee.start_of(date), referee.end_of(date)) == (first, last)


# ------------------------------------------------------------------------------------ firmness
@pytest.mark.parametrize("gauge, rule, verdict, tol, qualifier, want", [
    (-4.93, "", "consistent", 5.0, "exact", 0.07),       # inside, near the lower edge
    (2.0, "", "consistent", 5.0, "exact", 3.0),
    (7.5, "", "overstated", 5.0, "exact", 2.5),
    (-9.09, "", "consistent", 5.0, "more_than", 14.09),  # "more than": only the upper edge counts
    (-7.0, "", "understated", 5.0, "up_to", 2.0),
    (5.63, "upper", "off_track", 5.0, "at_least", 0.63),  # a target's pace gap
    (13.33, "margin", "consistent", 5.0, "exact", 13.33),  # a record's lead or a direction's size
    (13.3333, "margin", "consistent", 5.0, "exact", 13.33),  # margins are given to two decimals
    (-2.0449, "", "consistent", 5.0, "about", 2.96),
    (-2.0449, "", "consistent", 5.0, "nearly", 2.96),
])
def test_margin_to_the_nearest_tolerance_edge(gauge, rule, verdict, tol, qualifier, want):
    r = claims.Result(verdict, "", gauge=gauge, gauge_rule=rule)
    assert claims.margin_pct(r, tol, qualifier) == pytest.approx(want)


@pytest.mark.parametrize("verdict", ["unverifiable", "pending", claims.PROPOSAL_VERDICT])
def test_an_unsettled_verdict_has_no_margin(verdict):
    assert math.isnan(claims.margin_pct(claims.Result(verdict, "", deviation=1.0, gauge=2.0), 5.0, "exact"))


def test_a_gauge_read_by_no_known_rule_is_refused():
    with pytest.raises(ValueError, match="unknown gauge rule 'sideways'"):
        claims.margin_pct(claims.Result("consistent", "", gauge=1.0, gauge_rule="sideways"), 5.0, "exact")


def flip_list(c, values, extra=None, alternatives=None, tol=5.0):
    o = obs(values)
    if extra is not None:
        o = pd.concat([o, extra], ignore_index=True)
    ctx = claims.Context(o)
    verdict = claims.check(c, ctx, tol)["verdict"]
    alts = alternatives if alternatives is not None else pd.DataFrame(columns=["claim_id", "reading", "verdict"])
    return verdict, referee.flips(c, ctx, tol, verdict, alts, most=5)


@pytest.mark.parametrize("stated, measured, verdict, first", [
    # 105 against 99.9: +5.1%, overstated; read as 104.5 (its last digit) it is +4.6%
    (105.0, 99.9, "overstated", "the stated 105 read as 104.5, within its last digit (consistent)"),
    # 100 (one significant digit: taken as stated) against 95.2: +5.04%; the input at 95.25 is +4.99%
    (100.0, 95.2, "overstated", "the 2024 value (95.2) at 95.25, within its last digit (consistent)"),
    # 100 against 95.13: +5.12%; no last digit flips it, a tolerance of 6% does
    (100.0, 95.13, "overstated", "a tolerance of 6% instead of 5% (consistent)"),
])
def test_what_flips_a_verdict(stated, measured, verdict, first):
    v, found = flip_list(claim(stated_value=stated, period_end="2024"), {2024: measured})
    assert v == verdict and found[0] == first


def test_another_source_of_the_same_publisher_can_flip_a_verdict():
    older = obs({2024: 99.0}, source="wb-older")   # an older WDI vintage: 1% off the stated 100
    v, found = flip_list(claim(stated_value=100.0, period_end="2024"), {2024: 90.0}, extra=older)
    assert v == "overstated" and found == ["the 2024 value of wb-older (99) (consistent)"]


def test_another_publisher_is_another_measure_not_a_flip():
    imf = obs({2024: 99.0}, source="imf-x")
    assert flip_list(claim(stated_value=100.0, period_end="2024"), {2024: 90.0}, extra=imf)[1] == []


def test_an_alternative_reading_with_another_verdict_flips_it_but_an_unverifiable_one_does_not():
    alts = pd.DataFrame([dict(claim_id="t.a", reading="base 2019", verdict="understated"),
                         dict(claim_id="t.b", reading="another", verdict="unverifiable")])
    _, found = flip_list(claim(stated_value=100.0, period_end="2024"), {2024: 100.0}, alternatives=alts)
    assert found == ["the alternative reading 'base 2019' (understated)"]


def test_a_firm_verdict_has_nothing_that_flips_it():
    assert flip_list(claim(stated_value=100.0, period_end="2024"), {2024: 100.0})[1] == []


@pytest.mark.parametrize("x, digits, half", [(24.0, 2, 0.5), (17.2, 3, 0.05), (170.5, 4, 0.05), (2.0, 1, 0.5),
                                             (300.0, 1, 0.5), (0.25, 2, 0.005)])
def test_significant_digits_and_the_half_unit_of_the_last_one(x, digits, half):
    assert referee.significant(x) == digits and referee.half_unit(x) == pytest.approx(half)


# ------------------------------------------------------------------------------------- evidence
@pytest.mark.parametrize("publisher, kind", [
    ("Bureau of National Statistics of Kazakhstan (BNS)", "statistics"),
    ("Bureau of National Statistics (BNS), via Zakon.kz", "statistics"),  # a statistical release relayed
    ("National Bank of Kazakhstan", "statistics"),
    ("IMF WEO (as reported by Times of Central Asia)", "statistics"),
    ("Ministry of Agriculture of Kazakhstan (via Reuters)", "official"),
    ("Prime Minister Smailov (expanded government meeting)", "official"),
    ("korgan-zan.kz legal archive compiling Laws on the Republican Budget", "official"),
    ("Ranking.kz (citing statistics)", "press"),                           # no named statistical publisher
    ("16news.kz", "press"),
])
def test_evidence_class_of_a_publisher(publisher, kind):
    assert referee.evidence_of(publisher) == kind


@pytest.mark.parametrize("values, want", [(["statistics", "official"], "official"),
                                          (["statistics", "press", ""], "press"), ([""], "")])
def test_a_check_rests_on_its_weakest_value(values, want):
    assert referee.weakest(values) == want


# ----------------------------------------------------------------------------- targets and bounds
def test_a_proposal_shows_its_gap_and_is_never_achieved_or_missed():
    c = claim(kind="target", target_form="level", stated_value=110.0, period_start="2026", period_end="2026",
              target_status="proposal")
    r = claims.check(c, Frames(gdp_usd_wdi=mframe({2025: 85.0, 2026: 85.0})), 5.0)
    assert r["verdict"] == "proposal" and r["deviation_pct"] == pytest.approx(29.41, abs=0.005)
    assert r["explanation"] == (f"A proposal, not an adopted goal, so it is neither achieved nor missed: the {GDP} "
                                "is 85 USD bn (2026), and the proposal of 110 is 29.4% higher than that.")


def test_the_targets_table_keeps_a_proposal_apart():
    targets = pd.DataFrame([dict(target_id="p", reading_of="", series="gdp", indicator="gdp_usd_current",
                                 kind="target", measure="level", target_value="110", unit="USD bn",
                                 horizon_start="2026", horizon_end="2026", stated_by="a committee",
                                 stated_on="2025-10-22", status="proposal")])
    t = claims.targets_progress(targets, obs({2025: 85.0, 2026: 85.0})).iloc[0]
    assert t["status"] == "proposal" and t["verdict"] == "proposal" and "neither achieved nor missed" in t["explanation"]


def test_a_part_of_a_whole_is_bounded_by_its_share_of_the_whole():
    # manufacturing 5 and 6 of gross 20 in 2021-2022 (25%, 30%); 2019-2020 and 2023-2024 missing, gross 20 each.
    # Known: 11. The stated 40 needs 29 more, 36% of the 80 of gross inflow in the missing years; at 25%-30%
    # the sum would be 31-35: overstated at both ends.
    manu = mframe({2021: 5.0, 2022: 6.0}, ids="nbk-m")
    gross = mframe({y: 20.0 for y in range(2019, 2025)}, ids="nbk-g")
    c = claim(measure="fdi_gross_manufacturing_nbk", kind="cumulative", stated_value=40.0, period_start="2019",
              period_end="2024", indicator="fdi_gross_inflow_manufacturing_usd", unit="USD bn")
    r = claims.check(c, Frames(fdi_gross_manufacturing_nbk=manu, fdi_gross_nbk=gross), 5.0)
    assert r["verdict"] == "unverifiable" and r["bound_value"] == 11.0 and r["lean"] == "likely overstated"
    assert r["needed"] == ("The years with data (2021–2022) already give 11 USD bn; the statement needs 29 more from "
                           "2019–2020, 2023–2024 (7.25 USD bn a year): 36% of the gross FDI inflow (NBK) in those "
                           "years (80 USD bn), against 25%–30% of it in the years with data.")


def test_no_lean_where_the_range_of_the_missing_years_straddles_the_statement():
    f = mframe({2020: 10.0, 2022: 30.0})
    r = claims.check(claim(kind="cumulative", stated_value=60.0, period_start="2020", period_end="2023"),
                     Frames(gdp_usd_wdi=f), 5.0)
    # known 40; the two missing years at 10-30 each give 60-100: consistent at one end, understated at the other
    assert r["bound_value"] == 40.0 and r["lean"] == ""


@pytest.mark.parametrize("goal, lean, needed", [
    # known 20 (2020) + 30 (2022) = 50; the missing 2021 and 2023 at 20-30 each give 90-110
    (50.0, "probably achieved", "needs 0 more from 2021, 2023 (nothing), against 20–30 in the years with data."),
    (200.0, "probably missed", "needs 150 more from 2021, 2023 (75 USD bn a year), against 20–30 in the years with data."),
    (100.0, "", "needs 50 more from 2021, 2023 (25 USD bn a year), against 20–30 in the years with data."),
])
def test_a_target_with_missing_years_leans_only_where_both_ends_agree(goal, lean, needed):
    c = claim(kind="target", target_form="cumulative", stated_value=goal, qualifier="at_least", period_start="2020",
              period_end="2023")
    r = claims.check(c, Frames(gdp_usd_wdi=mframe({2020: 20.0, 2022: 30.0, 2024: 5.0})), 5.0)
    assert (r["verdict"], r["bound_value"], r["lean"]) == ("unverifiable", 50.0, lean)
    assert r["needed"] == "The years with data (2020, 2022) already give 50 USD bn; the statement " + needed
    assert r["needed"] == "The years with data (2020, 2022) already give 50 USD bn; the statement " + needed


def test_a_sum_the_known_years_already_exceed_leans_understated():
    r = claims.check(claim(kind="cumulative", stated_value=30.0, period_start="2020", period_end="2023"),
                     Frames(gdp_usd_wdi=mframe({2020: 20.0, 2022: 20.0})), 5.0)
    assert (r["bound_value"], r["lean"]) == (40.0, "likely understated")
    assert r["needed"] == ("The years with data (2020, 2022) already give 40 USD bn; the statement needs 0 more from "
                           "2021, 2023 (nothing), against 20 in each year with data.")


def test_a_series_with_a_negative_year_gives_no_bound():
    r = claims.check(claim(kind="cumulative", stated_value=30.0, period_start="2020", period_end="2023"),
                     Frames(gdp_usd_wdi=mframe({2020: -5.0, 2022: 20.0})), 5.0)
    assert r["verdict"] == "unverifiable" and math.isnan(r["bound_value"]) and r["lean"] == r["needed"] == ""


@pytest.mark.parametrize("c, values, row", [
    # a record missed by 10 of 130: the margin is the gap to the higher year, relative to the year claimed
    (claim(kind="record", period_end="2024"), {2020: 100.0, 2022: 140.0, 2024: 130.0},
     ("not_supported", 130.0, "2020-2024", "wb-719b00", 10 / 130 * 100)),
    (claim(kind="record", period_end="2024"), {2024: 130.0}, ("consistent", 130.0, "2024-2024", "wb-719b00", math.nan)),
    # a record by 10 over the next highest year, 120: 8.33% above it
    (claim(kind="record", period_end="2024"), {2022: 120.0, 2023: 110.0, 2024: 130.0},
     ("consistent", 130.0, "2022-2024", "wb-719b00", 10 / 120 * 100)),
    # a cumulative goal of 50 (at least) with 60 summed: 16.7% past it, plus the 5% tolerance
    (claim(kind="target", target_form="cumulative", stated_value=50.0, qualifier="at_least", period_start="2020",
           period_end="2022"), {2020: 20.0, 2021: 20.0, 2022: 20.0},
     ("achieved", 60.0, "2020-2022", "wb-719b00", 100 * (60 - 50) / 60 + 5)),
    (claim(kind="target", target_form="cumulative", stated_value=100.0, qualifier="at_least", period_start="2020",
           period_end="2022"), {2020: 20.0, 2021: 20.0, 2022: 20.0},
     ("missed", 60.0, "2020-2022", "wb-719b00", 100 * (100 - 60) / 60 - 5)),
    # 121 in 2022 towards 200 by 2030: 10% a year so far, (200/121)^(1/8) - 1 = 6.483% needed
    (claim(kind="target", target_form="level", stated_value=200.0, qualifier="at_least", period_start="2020",
           period_end="2030"), {2020: 100.0, 2021: 110.0, 2022: 121.0},
     ("on_track", 121.0, "2020-2022", "wb-719b00", 100 * (10 - ((200 / 121) ** (1 / 8) - 1) * 100) / 10 + 5)),
    (claim(kind="target", target_form="level", stated_value=110.0, period_start="2026", period_end="2026",
           target_status="proposal"), {2020: 85.0}, ("proposal", math.nan, "2026-2026", "", math.nan)),
])
def test_records_and_targets_in_full(c, values, row):
    r = claims.check(c, Frames(gdp_usd_wdi=mframe(values)), 5.0)
    assert (r["verdict"], r["measured_period"], r["measured_source_ids"]) == (row[0], row[2], row[3])
    for a, b in ((r["measured_value"], row[1]), (r["margin_pct"], row[4])):
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=0.005)


def test_a_record_on_the_only_year_with_data_says_so():
    r = claims.check(claim(kind="record", period_end="2024"), Frames(gdp_usd_wdi=mframe({2024: 130.0})), 5.0)
    assert r["explanation"] == (f"On the {GDP}, 2024 (130) is the highest of 2024-2024. It is the only year with data "
                                "up to 2024.")


def test_a_proposal_over_a_span_of_years_names_the_span():
    c = claim(kind="target", target_form="cumulative", stated_value=110.0, period_start="2025", period_end="2026",
              target_status="proposal")
    r = claims.check(c, Frames(gdp_usd_wdi=mframe({2025: 40.0, 2026: 45.0})), 5.0)
    assert (r["verdict"], r["measured_value"], r["measured_period"], r["measured_source_ids"]) == \
        ("proposal", 85.0, "2025-2026", "wb-719b00")
    assert r["explanation"].endswith(f"the {GDP} is 85 USD bn (2025-2026), and the proposal of 110 is 29.4% higher "
                                     "than that.")


def test_a_past_target_without_data_in_its_horizon_is_a_gap_not_a_wait():
    c = claim(kind="target", target_form="cumulative", stated_value=100.0, qualifier="at_least", period_start="2020",
              period_end="2021")
    r = claims.check(c, Frames(gdp_usd_wdi=mframe({2019: 40.0, 2023: 50.0})), 5.0)
    assert r["verdict"] == "unverifiable"
    assert r["explanation"] == (f"The {GDP} has no value for 2020-2021, although later years have data, so progress "
                                "cannot be measured.")
    r = claims.check(c, Frames(gdp_usd_wdi=mframe({2019: 40.0})), 5.0)   # nothing after it yet: still pending
    assert r["verdict"] == "pending" and r["explanation"].endswith("yet.")


@pytest.mark.parametrize("qualifier", ["exact", "about", "nearly", "at_least", "more_than"])
def test_an_open_targets_margin_is_its_pace_gap_against_the_upper_edge_whatever_its_qualifier(qualifier):
    c = claim(kind="target", target_form="level", stated_value=200.0, qualifier=qualifier, period_start="2020",
              period_end="2030")
    r = claims.check(c, Frames(gdp_usd_wdi=mframe({2020: 100.0, 2021: 110.0, 2022: 121.0})), 5.0)
    assert r["verdict"] == "on_track"
    assert r["margin_pct"] == pytest.approx(100 * (10 - ((200 / 121) ** (1 / 8) - 1) * 100) / 10 + 5, abs=0.005)


def test_a_proposal_with_data_keeps_its_sources_and_names_its_year():
    c = claim(kind="target", target_form="level", stated_value=110.0, period_start="2020", period_end="2026",
              target_status="proposal")
    r = claims.check(c, Frames(gdp_usd_wdi=mframe({2020: 85.0, 2024: 100.0})), 5.0)
    assert (r["verdict"], r["measured_source_ids"], r["measured_period"]) == ("proposal", WDI, "2020-2024")


@pytest.mark.parametrize("stated, lean, tail", [
    # at 25%-30% of the gross inflow the missing years give 20-24, the sum 31-35
    (33.0, "", "needs 22 more from 2019–2020, 2023–2024 (5.5 USD bn a year): 28% of the gross FDI inflow (NBK) in "
               "those years (80 USD bn), against 25%–30% of it in the years with data."),
    (10.0, "likely understated", "needs 0 more from 2019–2020, 2023–2024 (nothing): 0% of the gross FDI inflow (NBK) "
                                 "in those years (80 USD bn), against 25%–30% of it in the years with data."),
    (11.5, "likely understated", "needs 0.5 more from 2019–2020, 2023–2024 (0.125 USD bn a year): 1% of the gross FDI "
                                 "inflow (NBK) in those years (80 USD bn), against 25%–30% of it in the years with data."),
])
def test_the_share_of_the_whole_decides_the_lean_and_the_words(stated, lean, tail):
    manu = mframe({2021: 5.0, 2022: 6.0}, ids="nbk-m")
    gross = mframe({y: 20.0 for y in range(2019, 2025)}, ids="nbk-g")
    c = claim(measure="fdi_gross_manufacturing_nbk", kind="cumulative", stated_value=stated, period_start="2019",
              period_end="2024", indicator="fdi_gross_inflow_manufacturing_usd", unit="USD bn")
    r = claims.check(c, Frames(fdi_gross_manufacturing_nbk=manu, fdi_gross_nbk=gross), 5.0)
    assert (r["bound_value"], r["lean"]) == (11.0, lean)
    assert r["needed"] == "The years with data (2021–2022) already give 11 USD bn; the statement " + tail


@pytest.mark.parametrize("gross_years", [range(2019, 2024), range(2021, 2025)])
def test_without_the_whole_in_every_missing_year_the_parts_own_range_is_used(gross_years):
    manu = mframe({2021: 5.0, 2022: 6.0}, ids="nbk-m")
    gross = mframe({y: 20.0 for y in gross_years}, ids="nbk-g")
    c = claim(measure="fdi_gross_manufacturing_nbk", kind="cumulative", stated_value=40.0, period_start="2019",
              period_end="2024", indicator="fdi_gross_inflow_manufacturing_usd", unit="USD bn")
    r = claims.check(c, Frames(fdi_gross_manufacturing_nbk=manu, fdi_gross_nbk=gross), 5.0)
    assert r["needed"].endswith("(7.25 USD bn a year), against 5–6 in the years with data.")


@pytest.mark.parametrize("values", [{2020: 0.0, 2022: 30.0}, {2020: 0.5, 2022: 30.0}])
def test_a_year_of_zero_or_under_one_still_bounds_the_sum(values):
    r = claims.check(claim(kind="cumulative", stated_value=200.0, period_start="2020", period_end="2023"),
                     Frames(gdp_usd_wdi=mframe(values)), 5.0)
    assert r["bound_value"] == sum(values.values()) and r["lean"] == "likely overstated"


def test_a_gap_that_narrows_by_a_fraction_of_a_point_is_said_to_narrow():
    r = claims.check(direction(direction="closer", reference_value=150.0),
                     Frames(gdp_usd_wdi=mframe({2018: 100.0, 2024: 100.5})), 5.0)
    assert "the gap to 150 narrowed (0.3 points of it)" in r["explanation"]


def test_an_exact_target_already_exceeded_at_both_ends_leans_achieved():
    c = claim(kind="target", target_form="cumulative", stated_value=50.0, period_start="2020", period_end="2023")
    r = claims.check(c, Frames(gdp_usd_wdi=mframe({2020: 20.0, 2022: 30.0, 2024: 5.0})), 5.0)
    assert (r["verdict"], r["lean"]) == ("unverifiable", "probably achieved")  # 90-110 against 50: understated


def test_a_window_with_no_year_of_data_gives_no_bound():
    r = claims.check(claim(kind="cumulative", stated_value=60.0, period_start="2020", period_end="2021"),
                     Frames(gdp_usd_wdi=mframe({2019: 10.0, 2022: 30.0})), 5.0)
    assert r["verdict"] == "unverifiable" and math.isnan(r["bound_value"]) and r["lean"] == r["needed"] == ""


def test_a_record_missed_from_a_year_of_zero_has_no_margin():
    r = claims.check(claim(kind="record", period_end="2024"), Frames(gdp_usd_wdi=mframe({2023: 5.0, 2024: 0.0})), 5.0)
    assert r["verdict"] == "not_supported" and math.isnan(r["margin_pct"])
