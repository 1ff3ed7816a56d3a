//! A memory budget that bounds how many large images are decoded at the same time.

use std::sync::{Condvar, Mutex};

/// Bytes of decoded pixels the batch may hold at once. Only the dispatching thread waits on it,
/// never a worker, so a full budget cannot deadlock the worker pool.
pub struct MemoryBudget {
    limit: u64,
    in_use: Mutex<u64>,
    released: Condvar,
}

impl MemoryBudget {
    pub fn new(limit: u64) -> Self {
        MemoryBudget {
            limit: limit.max(1),
            in_use: Mutex::new(0),
            released: Condvar::new(),
        }
    }

    /// Blocks until `bytes` fit. A single image larger than the whole budget waits until nothing
    /// else runs and then runs alone, so no image is refused for the budget's sake.
    pub fn acquire(&self, bytes: u64) -> BudgetShare<'_> {
        let bytes = bytes.min(self.limit);
        let mut in_use = self
            .in_use
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        while *in_use + bytes > self.limit {
            in_use = self
                .released
                .wait(in_use)
                .unwrap_or_else(|poison| poison.into_inner());
        }
        *in_use += bytes;
        BudgetShare {
            budget: self,
            bytes,
        }
    }

    /// Bytes currently held.
    #[cfg(test)]
    pub fn in_use(&self) -> u64 {
        *self
            .in_use
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

/// A share of the budget, given back when dropped.
pub struct BudgetShare<'budget> {
    budget: &'budget MemoryBudget,
    bytes: u64,
}

impl Drop for BudgetShare<'_> {
    fn drop(&mut self) {
        let mut in_use = self
            .budget
            .in_use
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        *in_use -= self.bytes;
        self.budget.released.notify_all();
    }
}

/// A generous estimate of the peak memory for decoding and re-encoding an image: the decoded
/// pixels at 16 bits per channel with alpha, times three for conversion and encoder copies; with
/// AVIF outputs, rav1e's working set instead (measured at about 57 bytes per pixel for a
/// 4-megapixel photo at speed 6, 10-bit 4:4:4 with one tile, and about 70 with two tiles; alpha
/// adds a second, single-plane encode). The benchmark's peak RSS with 64 per pixel was 536 MB,
/// over the 500 MB goal, so the estimate errs high.
pub fn estimate_peak_bytes(pixels: u64, writes_avif: bool) -> u64 {
    let bytes_per_pixel = if writes_avif { 80 } else { 8 * 3 };
    pixels.saturating_mul(bytes_per_pixel)
}

/// Threads for one image: more than one when the image needs more than its worker's share of
/// the memory budget (fewer images then run beside it, so it may use their cores), and near the
/// end of a batch, when fewer images than workers remain.
pub fn threads_for_image(estimate: u64, limit: u64, jobs: usize, remaining: usize) -> usize {
    let jobs = jobs.max(1);
    let for_memory = (u128::from(estimate) * jobs as u128).div_ceil(u128::from(limit.max(1)));
    let for_batch_end = jobs.div_ceil(remaining.max(1));
    (for_memory.min(jobs as u128) as usize)
        .max(for_batch_end)
        .clamp(1, jobs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn shares_are_returned_on_drop() {
        let budget = MemoryBudget::new(100);
        let first = budget.acquire(60);
        assert_eq!(budget.in_use(), 60);
        drop(first);
        assert_eq!(budget.in_use(), 0);
    }

    #[test]
    fn oversized_requests_run_alone() {
        let budget = MemoryBudget::new(100);
        let share = budget.acquire(1_000);
        assert_eq!(budget.in_use(), 100);
        drop(share);
    }

    #[test]
    fn avif_is_estimated_higher_and_large_images_get_more_threads() {
        let four_megapixels = 4_000_000;
        let jpeg = estimate_peak_bytes(four_megapixels, false);
        let avif = estimate_peak_bytes(four_megapixels, true);
        assert!(avif > jpeg * 2);
        let limit = 400 * 1024 * 1024;
        // Two 4 MP JPEGs fit side by side: one thread each while the batch is long.
        assert_eq!(threads_for_image(jpeg, limit, 2, 10), 1);
        // A 4 MP AVIF takes more than half of the budget: it gets both threads.
        assert_eq!(threads_for_image(avif, limit, 2, 10), 2);
        // Never more threads than workers, and the last image gets them all.
        assert_eq!(threads_for_image(avif * 10, limit, 2, 10), 2);
        assert_eq!(threads_for_image(1, limit, 4, 1), 4);
        assert_eq!(threads_for_image(1, limit, 4, 3), 2);
    }

    #[test]
    fn acquire_waits_for_a_release() {
        let budget = Arc::new(MemoryBudget::new(100));
        let held = budget.acquire(80);
        let waiter = {
            let budget = Arc::clone(&budget);
            std::thread::spawn(move || {
                let _share = budget.acquire(50);
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            !waiter.is_finished(),
            "the second share must wait while 80 of 100 are held"
        );
        drop(held);
        waiter.join().unwrap();
        assert_eq!(budget.in_use(), 0);
    }
}
