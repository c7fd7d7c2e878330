# generate.R - writes the NHSRplotthedots reference fixtures that tests/unit/test_spc_ref.c checks caregrid's
# SPC against (src/stats/spc.c): XmR charts with rebases and frozen baselines (fix_after_n_points), their limits,
# every special-cause rule of every point, the point types and the variation and assurance icons.
#
# Reference: NHSRplotthedots 0.2.2, git tag 0.2.2 = commit 050b07d7eacc011767532732f69b8fd7d6a28fd3 of
#   https://github.com/nhs-r-community/NHSRplotthedots (the version docs/spc.md names).
# Made with R 4.2.2 Patched (2022-11-10 r83330), Debian 12's r-base-core 4.2.2.20221110-2, and Debian's R packages
#   (dplyr 1.0.10, tidyselect 1.2.0, rlang 1.0.6, ggplot2 3.4.1, stringr 1.5.0, assertthat, plotly, rsvg, ...).
#
# One shim, only when dplyr is older than 1.1.0 (Debian 12 has 1.0.10; the package asks for nothing newer in its
# DESCRIPTION but uses three things dplyr 1.1.0 added): the package is installed from a copy of its source in
# which (1) NAMESPACE's importFrom(dplyr,pick) is dropped (pick is imported, never called), (2) case_when's
# `.default = V` is written `TRUE ~ V` (the same: the value where no condition holds, NA counting as false),
# and (3) dplyr::case_match, used only to name the icon files, is a four-line equivalent for scalar right-hand
# sides (ptd_case_match below). No calculation is touched. With dplyr >= 1.1.0 the source is installed as it is.
#
# To regenerate (R is needed only for this; make check reads the committed CSV files):
#   apt-get install -y r-base-core r-cran-dplyr r-cran-ggplot2 r-cran-tidyr r-cran-rlang r-cran-purrr \
#     r-cran-scales r-cran-lifecycle r-cran-assertthat r-cran-base64enc r-cran-crayon r-cran-magrittr \
#     r-cran-plotly r-cran-rsvg r-cran-stringr r-cran-tidyselect
#   git clone https://github.com/nhs-r-community/NHSRplotthedots /tmp/ptd-src
#   git -C /tmp/ptd-src checkout 050b07d7eacc011767532732f69b8fd7d6a28fd3
#   PTD_SRC=/tmp/ptd-src Rscript tests/data/spc-ref/generate.R        (from the top of the worktree)
# It installs the package into a temporary library (nothing system-wide) and rewrites cases.csv and points.csv
# beside itself; `git diff tests/data/spc-ref` then shows what changed.
#
# Output, in tests/data/spc-ref/:
#   cases.csv   one row per case: case, improve (increase|decrease|neutral), target (empty: none), fix
#               (fix_after_n_points; empty: none), rebase (1-based rows where new limits start, space-separated),
#               screen (screen_outliers, 1|0), gaps (1: the series has a missing value), variation (the
#               variation icon's name, from ptd_get_icons), assurance (ptd_calculate_assurance_type; "none"
#               when it gives NA)
#   points.csv  one row per point: case, row, date, value, rebase_group (0-based), mean, lpl, upl (empty: NA),
#               outside, trend, two_in_three, shift (1|0: each rule, as ptd_special_cause_type computes them
#               per rebase group), special_cause_type (the reference's words: "Above UCL", "7 Point Trend
#               (Increasing)", "2 in 3 Below CL", "7 Points Above CL", "Common Cause"), point_type
# Numbers are written with 17 significant digits, so a C strtod reads R's double exactly.

ptd_commit <- "050b07d7eacc011767532732f69b8fd7d6a28fd3"
src <- Sys.getenv("PTD_SRC", unset = "/tmp/ptd-src")
head <- system2("git", c("-C", src, "rev-parse", "HEAD"), stdout = TRUE)
if (!identical(head, ptd_commit)) stop("PTD_SRC (", src, ") is at ", head, ", not ", ptd_commit)

suppressPackageStartupMessages(library(dplyr))
build <- file.path(tempdir(), "ptd-src")
lib <- file.path(tempdir(), "ptd-lib")
dir.create(build)
dir.create(lib)
files <- system2("git", c("-C", src, "ls-files"), stdout = TRUE)
for (f in files) {
  dir.create(dirname(file.path(build, f)), recursive = TRUE, showWarnings = FALSE)
  file.copy(file.path(src, f), file.path(build, f))
}
if (packageVersion("dplyr") < "1.1.0") {
  edit <- function(path, fn) writeLines(fn(readLines(file.path(build, path))), file.path(build, path))
  edit("NAMESPACE", function(l) l[l != "importFrom(dplyr,pick)"])
  edit("R/ptd_calculate_point_type.R", function(l) sub("\\.default = (.*)$", "TRUE ~ \\1", l))
  edit("R/geom_ptd_icon.R", function(l) c(gsub("dplyr::case_match(", "ptd_case_match(", l, fixed = TRUE), "",
    "ptd_case_match <- function(.x, ...) {",
    "  out <- rep(NA_character_, length(.x))",
    "  for (f in list(...)) {",
    "    hit <- is.na(out) & .x %in% rlang::eval_tidy(rlang::f_lhs(f), env = rlang::f_env(f))",
    "    out[hit] <- rlang::eval_tidy(rlang::f_rhs(f), env = rlang::f_env(f))",
    "  }",
    "  out",
    "}"))
}
status <- system2(file.path(R.home("bin"), "R"), c("CMD", "INSTALL", "--no-docs", "--no-multiarch",
                                                   paste0("--library=", lib), build), stdout = FALSE)
if (status != 0) stop("R CMD INSTALL of NHSRplotthedots failed")
suppressPackageStartupMessages(library(NHSRplotthedots, lib.loc = lib))
stopifnot(as.character(packageVersion("NHSRplotthedots", lib.loc = lib)) == "0.2.2")
ptd <- asNamespace("NHSRplotthedots")

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

rep_to <- function(pattern, n) rep_len(pattern, n)

# Each case: its values and ptd_spc's options. The series are built so that each feature shows: see "why".
cases <- list()
add <- function(name, y, improve = "increase", target = NULL, fix = NULL, rebase = integer(), screen = TRUE,
                why = "") {
  cases[[length(cases) + 1]] <<- list(name = name, y = y, improve = improve, target = target, fix = fix,
                                      rebase = rebase, screen = screen, why = why)
}

set.seed(27)
noise <- function(n, sd) round(rnorm(n, 0, sd), 1)

# The three series tests/unit/test_spc.c works by hand, here from the reference.
add("hand_rebase_frozen",
    c(rep_to(c(5, 7, 6, 8), 12), 12, 6, 7, rep_to(c(20, 22, 21, 23), 12), 25, 22, 26),
    target = 15, fix = 12, rebase = 16,
    why = "frozen limits put row 13 outside; two in three after the rebase; target passes on the last segment")
add("hand_frozen_shift_then_rebase",
    c(rep_to(c(10, 12), 12), rep(13, 7), rep_to(c(14, 12), 12), 8, 7),
    target = 10, fix = 12, rebase = 20,
    why = "a shift over the end of the baseline; outside after the rebase; inconsistent")
add("hand_baseline_longer_than_segment",
    c(rep_to(c(0, 4), 12), 10, 14, 10, 14, 12),
    improve = "neutral", fix = 12, rebase = 13,
    why = "a last segment of 5 points, shorter than the fix: its limits take all 5")

# One rebase, falling: improvement where lower is better. Target 48 is above the last segment's upper limit
# (consistent pass) but inside the first segment's limits, which would have said inconsistent (#172).
add("rebase1_fix12_decrease_pass",
    c(50 + noise(18, 3), 35 + noise(18, 3)),
    improve = "decrease", target = 48, fix = 12, rebase = 19,
    why = "one rebase; decrease; consistent_pass from the last segment only")

# Two rebases, rising, and a target above the last upper limit: consistent fail.
add("rebase2_fix12_increase_fail",
    c(20 + noise(15, 2), 30 + noise(15, 2), 40 + noise(15, 2)),
    improve = "increase", target = 60, fix = 12, rebase = c(16, 31),
    why = "two rebases; increase; consistent_fail")

# Fix 15, no rebase, a step up after the baseline where lower is better: a shift of concern; target below the
# lower limit: consistent fail.
add("fix15_decrease_fail_shift",
    c(100 + noise(15, 5), 112 + noise(15, 3)),
    improve = "decrease", target = 80, fix = 15,
    why = "fix 15 freezes the limits; the step up is a shift and outside points, concern_high; consistent_fail")

# A series shorter than the fix: every point sets the limits. Target inside: inconsistent.
add("fix15_shorter_series_increase",
    c(10, 12, 11, 13, 12, 14, 11, 12, 13, 12),
    improve = "increase", target = 12, fix = 15,
    why = "10 points with fix 15; inconsistent")

# Fix 12 with a default-length series of exactly 12 and then a rise: a trend of 8 that crosses the mean (every
# point of it an improvement, also those below the mean) and ends outside the limits.
add("fix12_trend_crossing_mean",
    c(rep_to(c(10, 12, 11, 13, 10, 12), 12), 9, 10, 11, 12, 13, 14, 15, 19),
    improve = "increase", target = 5, fix = 12,
    why = "a trend through the mean after the baseline; consistent_pass (target below the lower limit)")

# A shift that crosses a rebase: rows 10-22 all above the first segment's mean, but the rebase at row 16 cuts
# it into 6 points (rows 10-15, no shift) and what lies after is judged against the new mean.
add("shift_cut_by_rebase",
    c(rep_to(c(10, 12), 9), rep(12.5, 6), rep_to(c(12, 14, 13, 15), 12), 16, 17, 16, 17, 16, 17, 16),
    improve = "increase", fix = 12, rebase = 16,
    why = "6 above the mean before the rebase is no shift; 7 above after it is")

# A trend that crosses a rebase: 10 rising points, rows 11-20, with the rebase at row 16: 5 and 5, no trend.
add("trend_cut_by_rebase",
    c(rep_to(c(20, 22, 21, 23, 22), 10), 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, rep_to(c(27, 29, 28), 10)),
    improve = "decrease", target = 28, fix = 12, rebase = 16,
    why = "a rising run split by a rebase; decrease; inconsistent")

# Two in three across a rebase: row 15 (15.5) is close to segment 1's upper limit and row 16 (16) to segment
# 2's; with row 14 above the mean too, a window of rows 14-16 would be two in three, but no window crosses the
# rebase at row 16. Rows 28-30 (15.5, 12.5, 15.8) then give two in three inside segment 2.
add("two_in_three_cut_by_rebase",
    c(rep_to(c(10, 12, 11, 13), 12), 12, 13, 15.5, 16, rep_to(c(12, 13, 11), 11), 15.5, 12.5, 15.8, 12),
    improve = "increase", fix = 12, rebase = 16,
    why = "close points across the boundary are not two in three; inside segment 2 they are")

# Rebases at rows 15 and 34, fix 12, lower is better: in segment 2 a rise broken by equal neighbours (no
# trend); in segment 3 a fall of 7 through the mean (a decreasing trend, improvements, also above the mean).
add("trends_rebase2_fix12_decrease",
    c(rep_to(c(30, 32, 31, 33), 12), 31, 32, rep_to(c(25, 27, 26, 28), 12), 24, 25, 26, 26, 27, 28, 29,
      rep_to(c(20, 22, 21, 23), 12), 24, 23, 22, 21, 20, 19, 18),
    improve = "decrease", target = 15, fix = 12, rebase = c(15, 34),
    why = "equal neighbours break a rise; a falling trend; decrease; consistent_fail")

# Rebases at two points with no fix at all (every point of each segment sets its limits), neutral direction
# (neutral_high / neutral_low icons), a target that the reference ignores when neutral: assurance none.
add("rebase2_nofix_neutral",
    c(50 + noise(14, 4), 70 + noise(14, 4), 40 + noise(10, 2), 30),
    improve = "neutral", target = 45, rebase = c(15, 29),
    why = "no fix; neutral; assurance none; last point below the lower limit")

# Screening off, with a rebase and fix 12: a big jump inside the baseline widens the limits.
add("rebase1_fix12_no_screen",
    c(rep_to(c(30, 32, 31), 11), 45, 31, 32, 30, 31, rep_to(c(20, 21, 22), 12), 19, 18, 17),
    improve = "decrease", target = 10, fix = 12, rebase = 17, screen = FALSE,
    why = "screen_outliers = FALSE; a falling end; decrease; consistent_fail")

# The same data screened, for contrast.
add("rebase1_fix12_screened",
    c(rep_to(c(30, 32, 31), 11), 45, 31, 32, 30, 31, rep_to(c(20, 21, 22), 12), 19, 18, 17),
    improve = "decrease", target = 10, fix = 12, rebase = 17,
    why = "the same, screened")

# A last segment of 2 points and one of a single point: limits from 2 points, then none at all.
add("short_segments",
    c(rep_to(c(40, 44, 42, 46), 13), 60, 58),
    improve = "increase", target = 50, fix = 12, rebase = c(14),
    why = "a last segment of 2 points (one moving range); target below its lower limit")
add("one_point_segment",
    c(rep_to(c(40, 44, 42, 46), 13), 60),
    improve = "increase", target = 50, fix = 12, rebase = c(14),
    why = "a last segment of 1 point: no limits (NA), the assurance falls through to inconsistent")

# Random charts, to reach what the cases above do not think of: 24 series of 8 to 60 values to one decimal (so
# ties and points on the mean happen), with level steps and ramps, 0 to 2 rebases, fix none, 12, 15 or 20, each
# direction, screening on or off, and a target drawn near the data.
set.seed(2027)
for (k in seq_len(24)) {
  n <- sample(8:60, 1)
  y <- round(20 + cumsum(sample(c(0, 0, 0, 0, 3, -3), n, TRUE)) + rnorm(n, 0, 2), 1)
  if (runif(1) < 0.4) {
    at <- sample(seq_len(n), 1)
    y[at:n] <- y[at:n] + round(seq_len(n - at + 1) * runif(1, -1, 1), 1)
  }
  n_rebase <- if (n < 20) sample(0:1, 1) else sample(0:2, 1)
  rebase <- sort(sample(2:n, n_rebase))
  add(sprintf("random_%02d", k), y,
      improve = sample(c("increase", "decrease", "neutral"), 1),
      target = if (runif(1) < 0.8) round(mean(y) + rnorm(1, 0, 2 * sd(y)), 1) else NULL,
      fix = sample(list(NULL, 12, 15, 20), 1)[[1]], rebase = rebase, screen = runif(1) < 0.8,
      why = "random")
}

# Gaps: a deliberate difference (docs/spc.md). The reference counts a missing row as one of the
# fix_after_n_points and breaks the moving ranges and the runs at it; caregrid skips it (the baseline is the
# first N values, the moving range bridges the gap, a run goes on over it). These cases are written with
# gaps = 1 and test_spc_ref.c checks caregrid's own rule against them, and that the reference differs as said.
add("gap_in_baseline_and_shift",
    c(5, 7, 6, 8, 5, NA, 7, 6, 8, 5, 7, 6, 8, 9, 9, 9, NA, 9, 9, 9, 9,
      20, 22, 21, NA, 23, 20, 22, 21, 23, 20, 22, 21, 23, 26),
    improve = "increase", target = 17, fix = 12, rebase = 22,
    why = "gaps in both baselines and inside a run of 8 above the mean (caregrid: a shift; reference: none)")

num <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))
flag <- function(v) ifelse(is.na(v) | v == 0, "0", "1")

case_rows <- list()
point_rows <- list()
for (cs in cases) {
  dates <- seq(as.Date("2024-01-01"), by = "week", length.out = length(cs$y))
  df <- data.frame(date = dates, value = cs$y)
  args <- list(df, value_field = "value", date_field = "date", improvement_direction = cs$improve,
               screen_outliers = cs$screen)
  if (length(cs$rebase)) args$rebase <- ptd_rebase(dates[cs$rebase])
  if (!is.null(cs$fix)) args$fix_after_n_points <- cs$fix
  if (!is.null(cs$target)) args$target <- ptd_target(cs$target)
  s <- suppressWarnings(do.call(ptd_spc, args)) # the short-group warning is expected for some cases

  # Each rule apart, with the reference's own functions, per rebase group (as ptd_special_cause_type does).
  rules <- s %>%
    group_by(.data$rebase_group) %>%
    mutate(
      r_trend = ptd$ptd_part_of_seven_trend(ptd$ptd_seven_point_trend(.data$y)),
      r_two = ptd$ptd_part_of_two_in_three(
        ptd$ptd_two_in_three(.data$close_to_limits, .data$relative_to_mean), .data$close_to_limits),
      r_shift = ptd$ptd_part_of_seven_trend(ptd$ptd_seven_point_one_side_mean(.data$relative_to_mean))
    ) %>%
    ungroup()

  icons <- ptd$ptd_get_icons(s)
  variation <- sub("\\.svg$", "", basename(icons$icon[icons$type == "variation"]))
  at <- ptd$ptd_calculate_assurance_type(s)
  assurance <- if (nrow(at) == 0 || is.na(at$assurance_type[[1]])) "none" else at$assurance_type[[1]]

  case_rows[[length(case_rows) + 1]] <- data.frame(
    case = cs$name, improve = cs$improve, target = if (is.null(cs$target)) "" else num(cs$target),
    fix = if (is.null(cs$fix)) "" else as.character(cs$fix), rebase = paste(cs$rebase, collapse = " "),
    screen = if (cs$screen) "1" else "0", gaps = if (anyNA(cs$y)) "1" else "0", variation = variation,
    assurance = assurance)
  point_rows[[length(point_rows) + 1]] <- data.frame(
    case = cs$name, row = seq_len(nrow(rules)), date = format(as.Date(rules$x)), value = num(rules$y),
    rebase_group = rules$rebase_group - min(rules$rebase_group),
    mean = num(rules$mean_col), lpl = num(rules$lpl), upl = num(rules$upl),
    outside = flag(rules$outside_limits), trend = flag(rules$r_trend), two_in_three = flag(rules$r_two),
    shift = flag(rules$r_shift), special_cause_type = rules$special_cause_type, point_type = rules$point_type)
  message(sprintf("%-36s n=%2d variation=%-16s assurance=%-15s %s", cs$name, nrow(rules), variation, assurance,
                  cs$why))
}

write.csv(do.call(rbind, case_rows), file.path(here, "cases.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, point_rows), file.path(here, "points.csv"), row.names = FALSE, quote = FALSE)
