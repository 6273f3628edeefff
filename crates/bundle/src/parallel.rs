//! Work spread over the machine's cores with its results kept in input order, so that what the build
//! writes never depends on which thread finished first.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex};

/// `f` of every item of `items`, in `items`' order, computed on up to as many threads as the machine
/// has cores. Each thread takes the next item not yet taken, so one slow item does not hold up a
/// whole share.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut out = Vec::with_capacity(items.len());
    for_each_in_order(items, items.len(), |_, item| f(item), |r| out.push(r));
    out
}

/// `f` of every item of `items` (given its index too), computed on up to as many threads as the machine
/// has cores, and handed to `consume` on the calling thread in `items`' order, each as soon as it and
/// every earlier one are done. At most `ahead` results wait to be consumed, so a stream of large
/// results (a national build's entries files) never piles up in memory.
pub fn for_each_in_order<T: Sync, R: Send>(
    items: &[T],
    ahead: usize,
    f: impl Fn(usize, &T) -> R + Sync,
    mut consume: impl FnMut(R),
) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        items.iter().enumerate().for_each(|(i, item)| consume(f(i, item)));
        return;
    }
    struct State<R> {
        /// The next item no thread has taken.
        next: usize,
        /// Items below this one were consumed.
        consumed: usize,
        /// Done and not yet consumed, by index; a panic is kept to be raised on the calling thread.
        done: BTreeMap<usize, std::thread::Result<R>>,
        /// The calling thread stopped (it panicked): the workers stop too.
        stopped: bool,
    }
    let state = Mutex::new(State { next: 0, consumed: 0, done: BTreeMap::new(), stopped: false });
    let changed = Condvar::new();
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    // Tells the workers to stop if the calling thread unwinds out of `consume`.
    struct Stop<'a, F: Fn()>(&'a F);
    impl<F: Fn()> Drop for Stop<'_, F> {
        fn drop(&mut self) {
            (self.0)()
        }
    }
    let stop = || {
        lock().stopped = true;
        changed.notify_all();
    };
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = {
                    let mut s = lock();
                    while !s.stopped && s.next < items.len() && s.next >= s.consumed + ahead.max(1) {
                        s = changed.wait(s).unwrap_or_else(|e| e.into_inner());
                    }
                    if s.stopped || s.next >= items.len() {
                        break;
                    }
                    s.next += 1;
                    s.next - 1
                };
                let r = catch_unwind(AssertUnwindSafe(|| f(i, &items[i])));
                lock().done.insert(i, r);
                changed.notify_all();
            });
        }
        let _stop = Stop(&stop);
        for i in 0..items.len() {
            let r = {
                let mut s = lock();
                loop {
                    if let Some(r) = s.done.remove(&i) {
                        s.consumed = i + 1;
                        break r;
                    }
                    s = changed.wait(s).unwrap_or_else(|e| e.into_inner());
                }
            };
            changed.notify_all();
            match r {
                Ok(r) => consume(r),
                Err(panic) => resume_unwind(panic),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order_whatever_the_timing() {
        let items: Vec<u64> = (0..200).collect();
        // Early items take longest, so they finish last.
        let out = map_in_order(&items, |&n| {
            std::thread::sleep(std::time::Duration::from_micros((200 - n) * 20));
            n * n
        });
        assert_eq!(out, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn results_are_consumed_in_order_with_few_waiting() {
        let items: Vec<u64> = (0..300).collect();
        let waiting = std::sync::atomic::AtomicUsize::new(0);
        let most = std::sync::atomic::AtomicUsize::new(0);
        let mut got = Vec::new();
        for_each_in_order(
            &items,
            3,
            |i, &n| {
                assert_eq!(i as u64, n);
                std::thread::sleep(std::time::Duration::from_micros((n % 7) * 10));
                let w = waiting.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                most.fetch_max(w, std::sync::atomic::Ordering::SeqCst);
                n * 2
            },
            |r| {
                // A slow consumer: unbounded workers would race far ahead of it.
                std::thread::sleep(std::time::Duration::from_micros(200));
                waiting.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                got.push(r)
            },
        );
        assert_eq!(got, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        // Done but not consumed: at most `ahead`, plus the one being handed over as a thread finishes
        // the next one it was allowed to take.
        assert!(most.into_inner() <= 4);
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let items: Vec<u32> = (0..50).collect();
        let caught = std::panic::catch_unwind(|| {
            for_each_in_order(&items, 4, |_, &n| if n == 20 { panic!("row 20") } else { n }, |_| {})
        });
        assert!(caught.is_err());
    }

    #[test]
    fn empty_and_single_inputs() {
        assert_eq!(map_in_order(&[] as &[u8], |&n| n), Vec::<u8>::new());
        assert_eq!(map_in_order(&[7u8], |&n| n + 1), vec![8]);
    }
}

/// Frees `value` on a thread of its own: the catalogs and tables of a national build are millions of
/// small allocations, a second or so of freeing that the build need not wait for (and, at the end of
/// `gongkai-bundle build`, that the process's exit does at once).
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be had, the closure, and the value with it, is dropped here instead.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
