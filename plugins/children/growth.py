"""Children's growth ranges by age and sex, for the health file (issue 29: "a reading outside the plugin's range flags
the person"; 003: "每学期对...留守儿童做一次免费健康查体 ... 项目为测血压、体重、身高等").

Source: the WHO Growth Reference 2007 for school-aged children and adolescents, 5-19 years (de Onis M et al.,
"Development of a WHO growth reference for school-aged children and adolescents", Bull World Health Organ 2007;
85:660-667), as the WHO publishes its LMS parameters in the R package anthroplus (WorldHealthOrganization/anthroplus,
data-raw/growthstandards/hfawho2007.txt, wfawho2007.txt, bfawho2007.txt). The rows below are those files' rows at
each whole year of age (months 60, 72, ..., 228), unchanged; between two years L, M and S are interpolated by month.

A reading is in range within two standard deviations of the reference (z from -2 to +2): below -2 is WHO's
stunting (height), underweight (weight) and thinness (BMI); above +2 of BMI is obesity. WHO gives weight-for-age only
up to 10 years (past it, BMI-for-age judges the weight). Below 5 years the WHO Child Growth Standards 2006 apply,
month by month (growth_under_five.py). A deployment that screens by the Chinese school standards (WS/T 612-2018
for height, WS/T 456-2014 and WS/T 586-2018 for weight) replaces ``growth_ranges`` in its own plugin.
"""
from __future__ import annotations

from bisect import bisect_right

from . import growth_under_five as under_five

#: How far from the reference's median a reading may lie before it flags the person (standard deviations).
Z_LIMIT = 2.0

# (months, L, M, S) per sex ("M" boys = WHO sex 1, "F" girls = WHO sex 2), at whole years.
HEIGHT = {
    "M": [(60, 1, 109.7265, 0.04156), (72, 1, 115.9509, 0.04249), (84, 1, 121.7338, 0.04342),
          (96, 1, 127.2651, 0.04438), (108, 1, 132.5652, 0.04535), (120, 1, 137.7795, 0.04626),
          (132, 1, 143.1126, 0.04703), (144, 1, 149.0807, 0.04753), (156, 1, 156.0426, 0.04760),
          (168, 1, 163.1816, 0.04714), (180, 1, 168.9580, 0.04619), (192, 1, 172.8967, 0.04495),
          (204, 1, 175.1609, 0.04364), (216, 1, 176.1449, 0.04241), (228, 1, 176.5432, 0.04134)],
    "F": [(60, 1, 109.0725, 0.04346), (72, 1, 115.1244, 0.04447), (84, 1, 120.8105, 0.04525),
          (96, 1, 126.5558, 0.04581), (108, 1, 132.4944, 0.04612), (120, 1, 138.6363, 0.04614),
          (132, 1, 144.9929, 0.04584), (144, 1, 151.2327, 0.04523), (156, 1, 156.3748, 0.04439),
          (168, 1, 159.7890, 0.04345), (180, 1, 161.6692, 0.04255), (192, 1, 162.5156, 0.04176),
          (204, 1, 162.8545, 0.04109), (216, 1, 163.0595, 0.04053), (228, 1, 163.1548, 0.04009)],
}
WEIGHT = {
    "M": [(60, -0.1922, 18.3328, 0.12947), (72, -0.3180, 20.5137, 0.13372), (84, -0.4402, 22.8915, 0.13759),
          (96, -0.5482, 25.4163, 0.14344), (108, -0.6337, 28.1092, 0.15233), (120, -0.6764, 31.1586, 0.16305)],
    "F": [(60, -0.4650, 18.0823, 0.14240), (72, -0.5013, 20.1639, 0.14900), (84, -0.5347, 22.3740, 0.15556),
          (96, -0.5627, 25.0262, 0.16186), (108, -0.5833, 28.2040, 0.16764), (120, -0.5958, 31.8578, 0.17262)],
}
BMI = {
    "M": [(60, -0.7151, 15.2679, 0.08366), (72, -0.9921, 15.3062, 0.08682), (84, -1.2460, 15.4832, 0.09068),
          (96, -1.4629, 15.7368, 0.09526), (108, -1.6318, 16.0490, 0.10038), (120, -1.7407, 16.4433, 0.10566),
          (132, -1.7862, 16.9392, 0.11070), (144, -1.7751, 17.5334, 0.11522), (156, -1.7168, 18.2330, 0.11898),
          (168, -1.6211, 19.0050, 0.12191), (180, -1.4961, 19.7744, 0.12412), (192, -1.3529, 20.4951, 0.12579),
          (204, -1.1962, 21.1423, 0.12715), (216, -1.0260, 21.7077, 0.12836), (228, -0.8419, 22.1883, 0.12948)],
    "F": [(60, -0.8702, 15.2453, 0.09646), (72, -1.0794, 15.2697, 0.10195), (84, -1.2565, 15.4036, 0.10746),
          (96, -1.3880, 15.6810, 0.11291), (108, -1.4650, 16.0964, 0.11816), (120, -1.4864, 16.6133, 0.12307),
          (132, -1.4606, 17.2459, 0.12748), (144, -1.4006, 17.9966, 0.13129), (156, -1.3195, 18.8012, 0.13445),
          (168, -1.2266, 19.5647, 0.13700), (180, -1.1311, 20.2125, 0.13904), (192, -1.0368, 20.7008, 0.14070),
          (204, -0.9423, 21.0367, 0.14208), (216, -0.8462, 21.2603, 0.14330), (228, -0.7496, 21.4269, 0.14441)],
}
TABLES = {measure: {sex: [*young[sex], *rows[sex]] for sex in rows}
          for measure, young, rows in (("height", under_five.HEIGHT, HEIGHT), ("weight", under_five.WEIGHT, WEIGHT),
                                       ("bmi", under_five.BMI, BMI))}


def _lms(rows, months: int) -> tuple[float, float, float] | None:
    """L, M and S at ``months``, interpolated by month between the two whole years around it; None outside."""
    if not rows[0][0] <= months <= rows[-1][0]:
        return None
    i = bisect_right([r[0] for r in rows], months) - 1
    if rows[i][0] == months or i + 1 == len(rows):
        return rows[i][1:]
    (m0, *a), (m1, *b) = rows[i], rows[i + 1]
    t = (months - m0) / (m1 - m0)
    return tuple(x + (y - x) * t for x, y in zip(a, b))  # type: ignore[return-value]


def value_at(l: float, m: float, s: float, z: float) -> float:
    """The measurement at z-score ``z`` by the LMS method (WHO 2007: X = M (1 + L S z)^(1/L))."""
    if l == 0:
        from math import exp
        return m * exp(s * z)
    return m * (1 + l * s * z) ** (1 / l)


def growth_ranges(sex: str, months: int) -> dict[str, tuple[float, float]]:
    """The normal range of height (cm), weight (kg) and BMI for a child of ``sex`` ("M" or "F") aged ``months``
    whole months on the day measured: z from -2 to +2 of the WHO reference, rounded to 0.1; only the measures the
    references cover at that age (none past 19 years; no weight-for-age past 10)."""
    found = {}
    for measure, table in TABLES.items():
        rows = table.get(sex)
        lms = _lms(rows, months) if rows else None
        if lms is not None:
            found[measure] = (round(value_at(*lms, -Z_LIMIT), 1), round(value_at(*lms, Z_LIMIT), 1))
    return found
