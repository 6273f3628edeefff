//! Work spread over the machine's cores with its results kept in input order, so that what the build
//! writes never depends on which thread finished first.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// `f` of every item of `items`, in `items`' order, computed on up to as many threads as the machine
/// has cores. Each thread takes the next item not yet taken, so one slow item does not hold up a
/// whole share.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                results.lock().expect("a worker does not panic while holding the lock")[i] = Some(r);
            });
        }
    });
    results.into_inner().expect("no worker panicked").into_iter().map(|r| r.expect("every item was done")).collect()
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
    fn empty_and_single_inputs() {
        assert_eq!(map_in_order(&[] as &[u8], |&n| n), Vec::<u8>::new());
        assert_eq!(map_in_order(&[7u8], |&n| n + 1), vec![8]);
    }
}
