//! The evidence file store on a real temp directory: stored once, checked on every read, and
//! no trace of an upload that did not complete.

use super::*;
use tokio::io::AsyncReadExt;

const MAX: u64 = 1 << 20;

fn limits() -> PutLimits {
    PutLimits {
        max_bytes: MAX,
        declared_size: None,
        expected_hash: None,
    }
}

fn store() -> (tempfile::TempDir, BlobStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::new(dir.path().join("evidence"));
    (dir, store)
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Content spanning several chunks, not all alike.
fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// Yields its bytes, then fails: a connection that broke.
struct Broken(Vec<u8>);

impl AsyncRead for Broken {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.0.is_empty() {
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::ConnectionReset, "reset")));
        }
        let n = self.0.len().min(buf.remaining());
        buf.put_slice(&self.0[..n]);
        self.0.drain(..n);
        Poll::Ready(Ok(()))
    }
}

#[tokio::test]
async fn identical_content_is_stored_once_under_its_hash() {
    let (_dir, blobs) = store();
    let data = content(3 * CHUNK + 17);
    let first = blobs.put(&data[..], limits()).await.unwrap();
    assert!(first.newly_stored);
    assert_eq!(first.size, data.len() as u64);
    assert_eq!(first.hash, hash_of(&data));
    let path = blobs.path_of(&first.hash);
    let hex = first.hash.hex();
    assert!(path.ends_with(format!("sha256/{}/{hex}", &hex[..2])));
    assert_eq!(std::fs::read(&path).unwrap(), data);
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());

    let second = blobs.put(&data[..], limits()).await.unwrap();
    assert_eq!(second.hash, first.hash);
    assert!(
        !second.newly_stored,
        "the same content is not written again"
    );
    assert_eq!(
        files_under(&blobs.root),
        vec![path],
        "one file, no temp left"
    );
}

#[tokio::test]
async fn a_stored_file_reads_back_verified() {
    let (_dir, blobs) = store();
    let data = content(2 * CHUNK + 5);
    let stored = blobs.put(&data[..], limits()).await.unwrap();
    let mut reader = blobs
        .open(stored.hash, stored.size, "证据 1".into())
        .await
        .unwrap();
    let mut back = Vec::new();
    reader.read_to_end(&mut back).await.unwrap();
    assert_eq!(back, data);
    blobs.verify(stored.hash, stored.size).await.unwrap();
}

#[tokio::test]
async fn a_corrupted_file_fails_its_read_and_names_the_evidence() {
    let (_dir, blobs) = store();
    let data = content(2 * CHUNK + 5);
    let stored = blobs.put(&data[..], limits()).await.unwrap();
    let path = blobs.path_of(&stored.hash);
    let mut corrupt = data.clone();
    corrupt[CHUNK + 3] ^= 0x01;
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    #[allow(
        clippy::permissions_set_readonly_false,
        reason = "the test plays the attacker"
    )]
    permissions.set_readonly(false);
    std::fs::set_permissions(&path, permissions).unwrap();
    std::fs::write(&path, &corrupt).unwrap();

    let mut reader = blobs
        .open(stored.hash, stored.size, "证据 42".into())
        .await
        .unwrap();
    let mut back = Vec::new();
    let err = reader.read_to_end(&mut back).await.unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    assert!(err.to_string().contains("证据 42"), "{err}");
    assert!(
        back.len() < data.len(),
        "the reader never hands out the whole mismatching file"
    );
    assert!(matches!(
        blobs.verify(stored.hash, stored.size).await,
        Err(BlobError::HashMismatch { .. })
    ));

    std::fs::write(&path, &data[..10]).unwrap();
    assert!(matches!(
        blobs.open(stored.hash, stored.size, "证据 42".into()).await,
        Err(BlobError::WrongSize { actual: 10, .. })
    ));
}

#[tokio::test]
async fn oversized_content_is_refused_and_leaves_no_temp_file() {
    let (_dir, blobs) = store();
    let data = content(MAX as usize + 1);
    let err = blobs.put(&data[..], limits()).await.unwrap_err();
    assert!(matches!(err, BlobError::TooLarge { max: MAX }), "{err:?}");
    assert!(files_under(&blobs.root).is_empty(), "nothing kept");

    let declared = PutLimits {
        declared_size: Some(MAX + 1),
        ..limits()
    };
    let err = blobs.put(&b"small"[..], declared).await.unwrap_err();
    assert!(
        matches!(err, BlobError::TooLarge { .. }),
        "a declared size over the limit is refused before reading"
    );
}

#[tokio::test]
async fn a_truncated_or_broken_upload_is_discarded_and_earlier_content_kept() {
    let (_dir, blobs) = store();
    let data = content(CHUNK + 100);
    let kept = blobs.put(&data[..], limits()).await.unwrap();

    let truncated = PutLimits {
        declared_size: Some(data.len() as u64 + 1),
        ..limits()
    };
    let err = blobs.put(&data[..], truncated).await.unwrap_err();
    assert!(matches!(err, BlobError::Truncated { .. }), "{err:?}");

    let err = blobs.put(Broken(data[..500].to_vec()), limits()).await;
    assert!(matches!(err, Err(BlobError::Upload(_))), "{err:?}");

    let wrong_hash = PutLimits {
        expected_hash: Some(hash_of(b"other")),
        ..limits()
    };
    let err = blobs.put(&data[..], wrong_hash).await.unwrap_err();
    assert!(matches!(err, BlobError::HashMismatch { .. }), "{err:?}");

    assert_eq!(
        files_under(&blobs.root),
        vec![blobs.path_of(&kept.hash)],
        "only the complete upload is there"
    );
    blobs.verify(kept.hash, kept.size).await.unwrap();
}

#[tokio::test]
async fn an_abandoned_upload_leaves_no_temp_file() {
    let (_dir, blobs) = store();
    // Some bytes, then a sender that never sends more nor ends.
    let stalled = AsyncReadExt::chain(&[7u8; 1000][..], tokio::io::empty()).chain(Stalled);
    let mut put = Box::pin(blobs.put(stalled, limits()));
    let temp_dir = blobs.temp_dir();
    let saw_temp = tokio::select! {
        _ = &mut put => panic!("a stalled upload does not finish"),
        seen = async {
            for _ in 0..100 {
                if !files_under(&temp_dir).is_empty() {
                    return true;
                }
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
            false
        } => seen,
    };
    assert!(saw_temp, "the upload was being written");
    drop(put);
    for _ in 0..100 {
        if files_under(&blobs.root).is_empty() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("temp file left: {:?}", files_under(&blobs.root));
}

/// Never ready: a client that went silent.
struct Stalled;

impl AsyncRead for Stalled {
    fn poll_read(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        _buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Poll::Pending
    }
}
