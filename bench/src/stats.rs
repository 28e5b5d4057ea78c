//! Percentiles and the printed rows.

/// The value at quantile `q` (0..=1) of the samples, sorted in place.
pub fn quantile(samples: &mut [u64], q: f64) -> u64 {
    if samples.is_empty() {
        return 0;
    }
    samples.sort_unstable();
    let at = ((samples.len() - 1) as f64 * q).round() as usize;
    samples[at]
}

pub fn micros(ns: u64) -> String {
    format!("{:.0} µs", ns as f64 / 1000.0)
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
