//! Password hashing off the async threads, a few at a time: each argon2 check holds about
//! 19 MiB for tens of milliseconds, so a burst of log-ins must queue, not pile up in memory.

use std::time::Duration;

use tokio::sync::Semaphore;

use super::password;

/// How long a password check waits for its turn before the server says it is busy.
const WAIT: Duration = Duration::from_secs(10);

/// All password checks were busy for too long; the caller answers 503 and asks to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks at once")]
pub struct Busy;

/// Runs password hashes and checks, at most `permits` at once.
#[derive(Debug)]
pub struct Hasher {
    permits: Semaphore,
}

impl Hasher {
    /// A hasher that runs at most `permits` (at least one) at once.
    pub fn new(permits: usize) -> Hasher {
        Hasher {
            permits: Semaphore::new(permits.max(1)),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let _permit = tokio::time::timeout(WAIT, self.permits.acquire())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        // argon2 does not panic on any input; a panic here would be a bug worth a 503 too.
        tokio::task::spawn_blocking(work).await.map_err(|_| Busy)
    }

    /// Whether `typed` matches the stored hash (an empty or malformed hash costs as much and
    /// never matches).
    pub async fn verify(&self, stored: String, typed: String) -> Result<bool, Busy> {
        self.run(move || password::verify(&stored, &typed)).await
    }

    /// A new hash of `password`.
    pub async fn hash(&self, password: String) -> Result<String, Busy> {
        self.run(move || password::hash(&password)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn never_more_than_its_permits_at_once() {
        let hasher = Arc::new(Hasher::new(2));
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let runs: Vec<_> = (0..12)
            .map(|_| {
                let (h, now, most) = (hasher.clone(), now.clone(), most.clone());
                tokio::spawn(async move {
                    h.run(move || {
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(n, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(20));
                        now.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for r in runs {
            r.await.unwrap().unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
        let h = hasher.hash("một mật khẩu dài".into()).await.unwrap();
        assert!(hasher.verify(h, "một mật khẩu dài".into()).await.unwrap());
    }
}
