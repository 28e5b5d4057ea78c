//! Percentiles and the printed rows.

/// The value at quantile `q` (0..=1) of the samples, sorted in place;
/// None without samples.
pub fn quantile(samples: &mut [u64], q: f64) -> Option<u64> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_unstable();
    let at = ((samples.len() - 1) as f64 * q).round() as usize;
    Some(samples[at])
}

/// Nanoseconds as microseconds; "no samples" for None.
pub fn micros(ns: Option<u64>) -> String {
    match ns {
        Some(ns) => format!("{:.0} µs", ns as f64 / 1000.0),
        None => "no samples".into(),
    }
}

/// Whether a figure is within its target; no figure is a failure.
pub fn within(value: Option<u64>, target: u64) -> bool {
    value.is_some_and(|v| v <= target)
}

/// Prints one row of the bench table. `pass` is None for figures without
/// a target.
pub fn row(measure: &str, value: &str, target: &str, baseline: &str, pass: Option<bool>) {
    let verdict = match pass {
        Some(true) => "pass",
        Some(false) => "FAIL",
        None => "-",
    };
    println!("ROW|{measure}|{value}|{target}|{baseline}|{verdict}");
}
