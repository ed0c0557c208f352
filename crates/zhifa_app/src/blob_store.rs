//! Evidence files, kept by content: `<root>/sha256/<first 2 hex>/<64 hex>`.
//!
//! Writing streams: the upload is read in chunks on the async side, which counts them and
//! stops at the size limit, and hashed and written on a blocking thread into a temp file in
//! `<root>/tmp/`; memory stays at a few chunks whatever the file's size. Only a complete
//! upload, of the declared size and hash when given, is fsynced, made read-only and renamed
//! into place (the rename is atomic, the temp directory being on the same file system).
//! Anything else — too large, cut short, a wrong hash, a reader error, or the caller going
//! away — deletes the temp file, and nothing that was stored before is touched. Content
//! already stored is not written again: the temp file is discarded.
//!
//! Reading checks the content against its hash as it goes ([`VerifiedReader`]): the chunk
//! that completes the file is handed out only after the whole hash matched, so a reader
//! never receives all of a file that does not match its record.
//!
//! Nothing here deletes a stored file, and no method to do so exists. Not here: who may
//! store or read (the use cases in `evidence`), the records about the files (the store).

use crate::auth::random_bytes;
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};
use tokio::sync::mpsc;
use zhifa_domain::evidence::ContentHash;

/// Bytes read from the upload at a time; with [`IN_FLIGHT`] chunks queued for the writer,
/// the memory an upload holds.
const CHUNK: usize = 256 * 1024;
const IN_FLIGHT: usize = 4;

/// What an upload must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PutLimits {
    pub max_bytes: u64,
    /// The size the sender announced (HTTP `Content-Length`): fewer bytes is a truncated
    /// upload, more is refused.
    pub declared_size: Option<u64>,
    /// The hash the sender announced: a different one means the content was damaged.
    pub expected_hash: Option<ContentHash>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredBlob {
    pub hash: ContentHash,
    pub size: u64,
    /// False when the same content was already stored (and this copy discarded).
    pub newly_stored: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("content larger than {max} bytes")]
    TooLarge { max: u64 },
    #[error("content ended after {received} of {declared} declared bytes")]
    Truncated { declared: u64, received: u64 },
    #[error("content longer than the {declared} declared bytes")]
    Overlong { declared: u64 },
    #[error("content hash {actual} differs from the expected {expected}")]
    HashMismatch { expected: String, actual: String },
    #[error("reading the upload failed: {0}")]
    Upload(io::Error),
    #[error("evidence file {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("stored file {path} is missing")]
    Missing { path: PathBuf },
    #[error("stored file {path} has {actual} bytes, its record says {expected}")]
    WrongSize {
        path: PathBuf,
        expected: u64,
        actual: u64,
    },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> BlobError + '_ {
    move |source| BlobError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The evidence directory.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    pub fn new(root: impl Into<PathBuf>) -> BlobStore {
        BlobStore { root: root.into() }
    }

    /// Where the content of `hash` is (or would be) kept.
    pub fn path_of(&self, hash: &ContentHash) -> PathBuf {
        let hex = hash.hex();
        self.root.join("sha256").join(&hex[..2]).join(hex)
    }

    /// Where uploads are written until they are complete.
    pub fn temp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// Stores the content `reader` yields, within `limits`. See the module's description.
    pub async fn put<R: AsyncRead + Unpin>(
        &self,
        mut reader: R,
        limits: PutLimits,
    ) -> Result<StoredBlob, BlobError> {
        if let Some(declared) = limits.declared_size
            && declared > limits.max_bytes
        {
            return Err(BlobError::TooLarge {
                max: limits.max_bytes,
            });
        }
        let temp_dir = self.temp_dir();
        let path = temp_dir.join(format!("{}.part", hex::encode(random_bytes::<16>())));
        let (sender, receiver) = mpsc::channel::<Piece>(IN_FLIGHT);
        let worker_path = path.clone();
        let writer = tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&temp_dir).map_err(io_at(&temp_dir))?;
            write_temp(worker_path, receiver)
        });

        let outcome = feed(&mut reader, &sender, limits).await;
        let finish = outcome.is_ok();
        if finish {
            // The writer may have stopped on an error of its own; it then reports it.
            let _ = sender.send(Piece::End).await;
        }
        drop(sender);
        let written = writer
            .await
            .map_err(|e| io_at(&path)(io::Error::other(e)))?;
        // A failure to read the upload is the first cause; the writer only saw it end.
        let size = outcome?;
        let (temp, hash) = written?;
        if let Some(expected) = limits.expected_hash
            && expected != hash
        {
            return Err(BlobError::HashMismatch {
                expected: expected.hex(),
                actual: hash.hex(),
            });
        }
        let dest = self.path_of(&hash);
        let newly_stored = tokio::task::spawn_blocking(move || move_into_place(temp, &dest))
            .await
            .map_err(|e| io_at(&path)(io::Error::other(e)))??;
        Ok(StoredBlob {
            hash,
            size,
            newly_stored,
        })
    }

    /// A reader of the content of `hash`, which must be `size` bytes; `label` names the
    /// evidence in errors. The size is checked now, the hash while reading.
    pub async fn open(
        &self,
        hash: ContentHash,
        size: u64,
        label: String,
    ) -> Result<VerifiedReader, BlobError> {
        let path = self.path_of(&hash);
        let file = match tokio::fs::File::open(&path).await {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(BlobError::Missing { path });
            }
            Err(e) => return Err(io_at(&path)(e)),
        };
        let actual = file.metadata().await.map_err(io_at(&path))?.len();
        if actual != size {
            return Err(BlobError::WrongSize {
                path,
                expected: size,
                actual,
            });
        }
        Ok(VerifiedReader {
            file,
            hasher: Sha256::new(),
            expected: hash,
            remaining: size,
            label,
        })
    }

    /// Reads the whole content of `hash` and checks it against the hash and `size`, without
    /// holding it in memory.
    pub async fn verify(&self, hash: ContentHash, size: u64) -> Result<(), BlobError> {
        let path = self.path_of(&hash);
        let at = path.clone();
        tokio::task::spawn_blocking(move || verify_file(&path, hash, size))
            .await
            .map_err(|e| io_at(&at)(io::Error::other(e)))?
    }
}

fn verify_file(path: &Path, hash: ContentHash, size: u64) -> Result<(), BlobError> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(BlobError::Missing {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io_at(path)(e)),
    };
    let actual = file.metadata().map_err(io_at(path))?.len();
    if actual != size {
        return Err(BlobError::WrongSize {
            path: path.to_path_buf(),
            expected: size,
            actual,
        });
    }
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = file.read(&mut buf).map_err(io_at(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let actual = ContentHash::from_bytes(hasher.finalize().into());
    if actual == hash {
        Ok(())
    } else {
        Err(BlobError::HashMismatch {
            expected: hash.hex(),
            actual: actual.hex(),
        })
    }
}

enum Piece {
    Data(Vec<u8>),
    End,
}

/// Reads the upload, counting against the limits, and passes it on in chunks; returns the
/// size. An error stops reading; the caller then withholds [`Piece::End`].
async fn feed<R: AsyncRead + Unpin>(
    reader: &mut R,
    sender: &mpsc::Sender<Piece>,
    limits: PutLimits,
) -> Result<u64, BlobError> {
    let mut size: u64 = 0;
    loop {
        let mut buf = vec![0u8; CHUNK];
        let n = reader.read(&mut buf).await.map_err(BlobError::Upload)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        if size > limits.max_bytes {
            return Err(BlobError::TooLarge {
                max: limits.max_bytes,
            });
        }
        if let Some(declared) = limits.declared_size
            && size > declared
        {
            return Err(BlobError::Overlong { declared });
        }
        buf.truncate(n);
        if sender.send(Piece::Data(buf)).await.is_err() {
            // The writer stopped on an error, which it reports.
            return Ok(size);
        }
    }
    match limits.declared_size {
        Some(declared) if size < declared => Err(BlobError::Truncated {
            declared,
            received: size,
        }),
        _ => Ok(size),
    }
}

/// A temp file that is deleted when dropped, unless it was moved into place.
struct TempFile {
    path: PathBuf,
    moved: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.moved {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// On a blocking thread: writes and hashes the chunks into a new temp file; keeps it only if
/// the upload ended with [`Piece::End`], and then fsynced.
fn write_temp(
    path: PathBuf,
    mut receiver: mpsc::Receiver<Piece>,
) -> Result<(TempFile, ContentHash), BlobError> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(io_at(&path))?;
    let temp = TempFile {
        path: path.clone(),
        moved: false,
    };
    let mut hasher = Sha256::new();
    loop {
        match receiver.blocking_recv() {
            Some(Piece::Data(chunk)) => {
                hasher.update(&chunk);
                file.write_all(&chunk).map_err(io_at(&path))?;
            }
            Some(Piece::End) => break,
            // The upload was abandoned: `temp` is dropped, and the file with it.
            None => {
                return Err(BlobError::Upload(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "upload abandoned",
                )));
            }
        }
    }
    file.sync_all().map_err(io_at(&path))?;
    let mut permissions = file.metadata().map_err(io_at(&path))?.permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).map_err(io_at(&path))?;
    Ok((temp, ContentHash::from_bytes(hasher.finalize().into())))
}

/// Renames the temp file to `dest` unless `dest` exists (the same content, stored once);
/// returns whether it was moved.
fn move_into_place(mut temp: TempFile, dest: &Path) -> Result<bool, BlobError> {
    if dest.try_exists().map_err(io_at(dest))? {
        let stored = std::fs::metadata(dest).map_err(io_at(dest))?.len();
        let this = std::fs::metadata(&temp.path)
            .map_err(io_at(&temp.path))?
            .len();
        if stored != this {
            // Left as found: reads of it will fail and name it; this copy is not kept either,
            // since two files cannot have one name.
            tracing::error!(path = %dest.display(), stored, expected = this, "stored evidence file has the wrong size");
        }
        return Ok(false);
    }
    let dir = dest.parent().expect("blob paths have a directory");
    std::fs::create_dir_all(dir).map_err(io_at(dir))?;
    std::fs::rename(&temp.path, dest).map_err(io_at(dest))?;
    temp.moved = true;
    sync_dir(dir).map_err(io_at(dir))?;
    Ok(true)
}

/// Makes a rename into `dir` durable (POSIX keeps directory entries apart from file data).
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// A stored file's content, checked against its hash while it is read. The read that would
/// complete the file fails instead, with [`io::ErrorKind::InvalidData`], when the hash does
/// not match; a file that ends early fails with [`io::ErrorKind::UnexpectedEof`].
pub struct VerifiedReader {
    file: tokio::fs::File,
    hasher: Sha256,
    expected: ContentHash,
    remaining: u64,
    label: String,
}

impl VerifiedReader {
    fn mismatch(&self) -> io::Error {
        tracing::error!(evidence = %self.label, sha256 = %self.expected.hex(), "stored evidence does not match its hash");
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} 的文件与登记的 SHA-256（{}）不符，可能已损坏或被篡改",
                self.label,
                self.expected.hex()
            ),
        )
    }
}

impl AsyncRead for VerifiedReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.remaining == 0 {
            return Poll::Ready(Ok(()));
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.file).poll_read(cx, buf))?;
        let n = buf.filled().len() - before;
        if n == 0 {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{} 的文件比登记的短", this.label),
            )));
        }
        if n as u64 > this.remaining {
            buf.set_filled(before);
            return Poll::Ready(Err(this.mismatch()));
        }
        this.hasher.update(&buf.filled()[before..]);
        this.remaining -= n as u64;
        if this.remaining == 0 {
            let digest: [u8; 32] = std::mem::take(&mut this.hasher).finalize().into();
            if ContentHash::from_bytes(digest) != this.expected {
                buf.set_filled(before);
                return Poll::Ready(Err(this.mismatch()));
            }
        }
        Poll::Ready(Ok(()))
    }
}

/// The hash of a small in-memory content, for tests and checks.
pub fn hash_of(content: &[u8]) -> ContentHash {
    ContentHash::from_bytes(Sha256::digest(content).into())
}

#[cfg(test)]
#[path = "blob_store_tests.rs"]
mod tests;
