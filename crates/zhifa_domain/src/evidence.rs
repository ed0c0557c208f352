//! Evidence as the full-process record keeps it (全过程记录, 《行政处罚法》第四十七条): photos,
//! audio, video, scanned papers and generated documents, each named by the SHA-256 of its
//! content and described by who captured it, with what device, and when.
//!
//! Here are only the value types and the checks a record must pass before it is kept: which
//! media types are accepted, what a content hash looks like, and what the capture metadata
//! must say. Not here: the bytes themselves, their storage and the verification of stored
//! content (the application layer), who may add evidence (authorization).

use crate::{Id, Refusal};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The refusal code of content over the configured size limit.
pub const TOO_LARGE: &str = "evidence.too_large";

/// How far a capture time may lie ahead of the server's clock: devices' clocks drift by
/// minutes, but a capture hours in the future is a wrong clock or a wrong entry.
pub const CLOCK_SKEW_MINUTES: i64 = 10;

pub const MAX_DEVICE_CHARS: usize = 100;
pub const MAX_SUBJECT_CHARS: usize = 200;

/// The forms of evidence the record accepts, by what 《行政处罚法》第四十六条 calls them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceForm {
    /// 照片 (视听资料/电子数据).
    Photo,
    /// 录音.
    Audio,
    /// 录像, e.g. a body camera's (执法记录仪).
    Video,
    /// 扫描的书证、笔录 or a generated document (文书).
    Document,
}

impl EvidenceForm {
    pub fn label(self) -> &'static str {
        match self {
            EvidenceForm::Photo => "照片",
            EvidenceForm::Audio => "录音",
            EvidenceForm::Video => "录像",
            EvidenceForm::Document => "文书或扫描件",
        }
    }
}

/// The accepted media types: what cameras, recorders, scanners and the document renderer
/// produce. Nothing a browser would run (HTML, SVG, scripts) is accepted.
const MEDIA_TYPES: [(&str, EvidenceForm); 17] = [
    ("image/jpeg", EvidenceForm::Photo),
    ("image/png", EvidenceForm::Photo),
    ("image/heic", EvidenceForm::Photo),
    ("image/webp", EvidenceForm::Photo),
    ("image/tiff", EvidenceForm::Photo),
    ("audio/mpeg", EvidenceForm::Audio),
    ("audio/mp4", EvidenceForm::Audio),
    ("audio/aac", EvidenceForm::Audio),
    ("audio/wav", EvidenceForm::Audio),
    ("audio/amr", EvidenceForm::Audio),
    ("audio/ogg", EvidenceForm::Audio),
    ("video/mp4", EvidenceForm::Video),
    ("video/quicktime", EvidenceForm::Video),
    ("video/webm", EvidenceForm::Video),
    ("video/3gpp", EvidenceForm::Video),
    ("application/pdf", EvidenceForm::Document),
    // OFD, China's fixed-layout document format (GB/T 33190).
    ("application/ofd", EvidenceForm::Document),
];

/// An accepted media type, lower case, without parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MediaType(String);

impl MediaType {
    /// Accepts `image/jpeg`, `Image/JPEG; foo=bar` and the like; refuses anything not listed.
    pub fn parse(value: &str) -> Result<MediaType, Refusal> {
        let essence = value.split(';').next().unwrap_or_default().trim();
        let essence = essence.to_ascii_lowercase();
        if MEDIA_TYPES.iter().any(|(t, _)| *t == essence) {
            Ok(MediaType(essence))
        } else {
            let accepted: Vec<&str> = MEDIA_TYPES.iter().map(|(t, _)| *t).collect();
            Err(Refusal::new(
                "evidence.media_type",
                format!(
                    "不接受的文件类型“{}”，可接受：{}",
                    value.trim(),
                    accepted.join("、")
                ),
            )
            .on_field("media_type"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn form(&self) -> EvidenceForm {
        MEDIA_TYPES
            .iter()
            .find(|(t, _)| *t == self.0)
            .map_or(EvidenceForm::Document, |(_, f)| *f)
    }

    /// The usual file name extension, for downloads.
    pub fn extension(&self) -> &'static str {
        match self.0.as_str() {
            "image/jpeg" => "jpg",
            "image/png" => "png",
            "image/heic" => "heic",
            "image/webp" => "webp",
            "image/tiff" => "tif",
            "audio/mpeg" => "mp3",
            "audio/mp4" => "m4a",
            "audio/aac" => "aac",
            "audio/wav" => "wav",
            "audio/amr" => "amr",
            "audio/ogg" => "ogg",
            "video/mp4" => "mp4",
            "video/quicktime" => "mov",
            "video/webm" => "webm",
            "video/3gpp" => "3gp",
            "application/pdf" => "pdf",
            "application/ofd" => "ofd",
            _ => "bin",
        }
    }
}

impl TryFrom<String> for MediaType {
    type Error = Refusal;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        MediaType::parse(&value)
    }
}

impl From<MediaType> for String {
    fn from(m: MediaType) -> String {
        m.0
    }
}

/// A SHA-256 digest, shown as 64 lower-case hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash([u8; 32]);

impl ContentHash {
    pub fn from_bytes(bytes: [u8; 32]) -> ContentHash {
        ContentHash(bytes)
    }

    /// 64 hex digits, either case.
    pub fn parse(hex: &str) -> Result<ContentHash, Refusal> {
        let bad = || {
            Refusal::new("evidence.hash", "SHA-256 哈希值应为 64 位十六进制数字").on_field("sha256")
        };
        let hex = hex.trim();
        if hex.len() != 64 || !hex.is_ascii() {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(ContentHash(out))
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What the capturing side says about a piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capture {
    pub media_type: MediaType,
    pub captured_at: DateTime<Utc>,
    /// The capturing device: a body camera's number, a phone, a scanner.
    pub device: String,
    /// The person who captured it.
    pub officer_id: Id,
    /// What it is evidence of, e.g. a case or list reference; free text for now.
    pub subject: Option<String>,
}

/// The capturing person as the check needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capturer {
    pub active: bool,
    /// Belongs to the township the evidence is recorded for.
    pub of_township: bool,
    /// An officer (执法人员) or an auxiliary (执法辅助人员), who may record under an
    /// officer's direction.
    pub may_capture: bool,
}

/// The capture metadata must name a device, a capture time not in the future, and an active
/// officer or auxiliary of the township; the subject is short free text.
pub fn check_capture(
    capture: &Capture,
    capturer: Capturer,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let device = capture.device.trim().chars().count();
    if device == 0 || device > MAX_DEVICE_CHARS {
        return Err(Refusal::new(
            "evidence.device",
            format!("请填写采集设备（1 至 {MAX_DEVICE_CHARS} 字）"),
        )
        .on_field("device"));
    }
    if capture.captured_at > now + Duration::minutes(CLOCK_SKEW_MINUTES) {
        return Err(Refusal::new(
            "evidence.captured_in_future",
            "采集时间晚于当前时间，请核对设备时钟",
        )
        .on_field("captured_at"));
    }
    if let Some(subject) = &capture.subject
        && subject.trim().chars().count() > MAX_SUBJECT_CHARS
    {
        return Err(Refusal::new(
            "evidence.subject",
            format!("关联事项不超过 {MAX_SUBJECT_CHARS} 字"),
        )
        .on_field("subject"));
    }
    if !(capturer.active && capturer.of_township && capturer.may_capture) {
        return Err(Refusal::new(
            "evidence.capturer",
            "采集人应为本乡镇在职的执法人员或执法辅助人员",
        )
        .on_field("officer_id"));
    }
    Ok(())
}

/// The size limit's refusal, in words a caseworker reads.
pub fn too_large(max_bytes: u64) -> Refusal {
    Refusal::new(
        TOO_LARGE,
        format!(
            "文件超过允许的大小（最大 {}），未保存",
            human_size(max_bytes)
        ),
    )
    .on_field("content")
}

fn human_size(bytes: u64) -> String {
    const GIB: u64 = 1 << 30;
    const MIB: u64 = 1 << 20;
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} 字节")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).unwrap()
    }

    fn capture() -> Capture {
        Capture {
            media_type: MediaType::parse("video/mp4").unwrap(),
            captured_at: now() - Duration::hours(1),
            device: "执法记录仪 DSJ-001".into(),
            officer_id: 7,
            subject: Some("案件 2026-001".into()),
        }
    }

    const ABLE: Capturer = Capturer {
        active: true,
        of_township: true,
        may_capture: true,
    };

    #[test]
    fn media_types_are_normalised_and_only_listed_ones_accepted() {
        let m = MediaType::parse(" Image/JPEG; quality=90").unwrap();
        assert_eq!(m.as_str(), "image/jpeg");
        assert_eq!(m.form(), EvidenceForm::Photo);
        assert_eq!(m.extension(), "jpg");
        for bad in ["text/html", "image/svg+xml", "application/octet-stream", ""] {
            let r = MediaType::parse(bad).unwrap_err();
            assert_eq!(r.code, "evidence.media_type", "{bad}");
        }
    }

    #[test]
    fn a_content_hash_is_64_hex_digits() {
        let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let h = ContentHash::parse(&hex.to_uppercase()).unwrap();
        assert_eq!(h.hex(), hex);
        assert!(ContentHash::parse(&hex[..63]).is_err());
        assert!(ContentHash::parse(&format!("{}g", &hex[..63])).is_err());
        assert!(ContentHash::parse("一二三四").is_err());
    }

    #[test]
    fn a_capture_needs_a_device_a_past_time_and_a_capturer_of_the_township() {
        assert!(check_capture(&capture(), ABLE, now()).is_ok());
        let mut c = capture();
        c.device = "  ".into();
        assert_eq!(
            check_capture(&c, ABLE, now()).unwrap_err().code,
            "evidence.device"
        );
        let mut c = capture();
        c.captured_at = now() + Duration::minutes(CLOCK_SKEW_MINUTES - 1);
        assert!(check_capture(&c, ABLE, now()).is_ok(), "small clock drift");
        c.captured_at = now() + Duration::hours(2);
        assert_eq!(
            check_capture(&c, ABLE, now()).unwrap_err().code,
            "evidence.captured_in_future"
        );
        let mut c = capture();
        c.subject = Some("案".repeat(MAX_SUBJECT_CHARS + 1));
        assert_eq!(
            check_capture(&c, ABLE, now()).unwrap_err().code,
            "evidence.subject"
        );
        for capturer in [
            Capturer {
                active: false,
                ..ABLE
            },
            Capturer {
                of_township: false,
                ..ABLE
            },
            Capturer {
                may_capture: false,
                ..ABLE
            },
        ] {
            assert_eq!(
                check_capture(&capture(), capturer, now()).unwrap_err().code,
                "evidence.capturer"
            );
        }
    }

    #[test]
    fn the_size_refusal_names_the_limit() {
        let r = too_large(4 << 30);
        assert_eq!(r.code, TOO_LARGE);
        assert!(r.message.contains("4 GiB"), "{}", r.message);
        assert!(too_large(1000).message.contains("1000 字节"));
    }
}
