//! C2SP signed-note: Go's published keys and signatures, the verifier rules, and notes that
//! carry both an Ed25519 and an SM2 signature.
//!
//! The PeterNeumann and EnochRoot keys, text and signatures are those of Go's
//! `golang.org/x/mod/sumdb/note` (package documentation and `note_test.go`).

use zhifa_ledger::note::parse_note;
use zhifa_ledger::{
    Ed25519Signer, NoteError, NoteSignature, NoteSigner, NoteVerifier, SignerKey, Sm2Signer,
    VerifierKey, VerifierSet, key_id, open_note, sign_note,
};

use crate::support::TestRng;

const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT: &str = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG: &str = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG: &str = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

fn verifiers(keys: &[&str]) -> VerifierSet {
    VerifierSet::new(
        keys.iter()
            .map(|k| VerifierKey::parse(k).unwrap())
            .collect(),
    )
}

fn peter_signer() -> SignerKey {
    SignerKey::parse(PETER_SKEY).unwrap()
}

#[test]
fn go_published_keys_parse_and_print_back_unchanged() {
    let verifier = VerifierKey::parse(PETER_VKEY).unwrap();
    assert_eq!(
        (verifier.name(), verifier.key_id()),
        ("PeterNeumann", 0xc74f20a3)
    );
    assert_eq!(verifier.to_text(), PETER_VKEY);
    assert_eq!(
        VerifierKey::parse(ENOCH_VKEY).unwrap().to_text(),
        ENOCH_VKEY
    );
    let signer = peter_signer();
    assert_eq!(signer.to_text(), PETER_SKEY);
    assert_eq!(signer.verifier(), verifier);
}

#[test]
fn signing_go_s_example_text_gives_go_s_signature_line() {
    let signer = peter_signer();
    let note = sign_note(TEXT, &[signer.as_note_signer().unwrap()]).unwrap();
    assert_eq!(note, format!("{TEXT}\n{PETER_SIG}"));
}

#[test]
fn every_substring_or_mangled_byte_of_a_key_is_refused() {
    // As Go's TestNewVerifier and TestNewSigner: no proper substring and no single-byte
    // change of a valid key is itself a valid key.
    for key in [PETER_VKEY, PETER_SKEY] {
        let parse = |text: &str| match key.starts_with("PRIVATE") {
            true => SignerKey::parse(text).is_ok(),
            false => VerifierKey::parse(text).is_ok(),
        };
        let bytes = key.as_bytes();
        for i in 0..bytes.len() {
            for j in i + 1..=bytes.len() {
                if (i, j) != (0, bytes.len()) {
                    let part = std::str::from_utf8(&bytes[i..j]).unwrap();
                    assert!(!parse(part), "{part}");
                }
            }
            let mut mangled = bytes.to_vec();
            mangled[i] += 1;
            assert!(!parse(std::str::from_utf8(&mangled).unwrap()), "byte {i}");
        }
    }
    // Go's cases: wrong key length and unknown algorithm, each with an adjusted key ID.
    let wrong_length = "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==";
    assert!(VerifierKey::parse(wrong_length).is_err());
    let unknown = "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    assert_eq!(
        VerifierKey::parse(unknown),
        Err(NoteError::UnknownAlgorithm)
    );
}

#[test]
fn signatures_from_unknown_keys_are_ignored() {
    let msg = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    let opened = open_note(msg.as_bytes(), &verifiers(&[PETER_VKEY])).unwrap();
    assert_eq!(opened.text, TEXT);
    assert_eq!(opened.verified.len(), 1);
    assert_eq!(opened.verified[0].name, "PeterNeumann");
    assert_eq!(opened.unverified.len(), 1);
    assert_eq!(opened.unverified[0].key_id, 0xaf0cfe78);

    let both = open_note(msg.as_bytes(), &verifiers(&[PETER_VKEY, ENOCH_VKEY])).unwrap();
    assert_eq!(both.verified.len(), 2);
    assert!(both.unverified.is_empty());
}

#[test]
fn a_note_without_a_signature_from_a_known_key_is_refused() {
    let msg = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    assert_eq!(
        open_note(msg.as_bytes(), &VerifierSet::default()),
        Err(NoteError::NoVerifiedSignature { unverified: 2 })
    );
}

#[test]
fn a_known_key_with_a_bad_signature_refuses_the_whole_note() {
    let bad = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    let msg = format!("{TEXT}\n{bad}{ENOCH_SIG}");
    assert_eq!(
        open_note(msg.as_bytes(), &verifiers(&[PETER_VKEY, ENOCH_VKEY])),
        Err(NoteError::InvalidSignature {
            name: "PeterNeumann".into(),
            key_id: 0xc74f20a3
        })
    );
    // The same bytes signed over another text fail just the same.
    let other = format!("{TEXT}tampered\n\n{PETER_SIG}");
    assert!(matches!(
        open_note(other.as_bytes(), &verifiers(&[PETER_VKEY])),
        Err(NoteError::InvalidSignature { .. })
    ));
}

#[test]
fn a_key_known_by_name_only_or_by_id_only_is_a_different_key() {
    let misnamed = PETER_SIG.replace("PeterNeumann", "CarmenSandiego");
    let msg = format!("{TEXT}\n{misnamed}");
    assert_eq!(
        open_note(msg.as_bytes(), &verifiers(&[PETER_VKEY])),
        Err(NoteError::NoVerifiedSignature { unverified: 1 })
    );
}

#[test]
fn two_configured_keys_with_one_name_and_id_are_ambiguous() {
    let msg = format!("{TEXT}\n{ENOCH_SIG}");
    assert!(matches!(
        open_note(
            msg.as_bytes(),
            &verifiers(&[ENOCH_VKEY, PETER_VKEY, ENOCH_VKEY])
        ),
        Err(NoteError::AmbiguousKey { .. })
    ));
}

#[test]
fn malformed_notes_are_refused_as_go_refuses_them() {
    let bad_messages = [
        TEXT.to_owned(),
        format!("{TEXT}\n"),
        format!("{TEXT}\n{}", &PETER_SIG[..PETER_SIG.len() - 1]),
        format!("\x01{TEXT}\n{PETER_SIG}"),
        format!(
            "{TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        ),
        format!("{TEXT}\n{PETER_SIG}Unexpected line.\n"),
        format!("{TEXT}\n{}", PETER_SIG.repeat(101)),
    ];
    for msg in bad_messages {
        assert!(
            matches!(
                open_note(msg.as_bytes(), &verifiers(&[PETER_VKEY])),
                Err(NoteError::Malformed(_))
            ),
            "{msg:?}"
        );
    }
    let not_utf8 = [
        b"\xff".as_slice(),
        TEXT.as_bytes(),
        b"\n",
        PETER_SIG.as_bytes(),
    ]
    .concat();
    assert!(matches!(
        open_note(&not_utf8, &verifiers(&[PETER_VKEY])),
        Err(NoteError::Malformed(_))
    ));
}

#[test]
fn the_signed_note_spec_example_parses_but_no_one_here_trusts_it() {
    // The example of C2SP signed-note; its key is not published, so it cannot be verified.
    let msg = "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";
    let (text, signatures) = parse_note(msg.as_bytes()).unwrap();
    assert!(
        text.ends_with("ed è subito sera.\n"),
        "the text keeps its own empty line"
    );
    assert_eq!(signatures[0].name, "quasimodo.example/salvatore");
    assert_eq!(signatures[0].signature.len(), 64);
    assert_eq!(
        open_note(msg.as_bytes(), &verifiers(&[PETER_VKEY])),
        Err(NoteError::NoVerifiedSignature { unverified: 1 })
    );
}

#[test]
fn key_ids_are_the_first_four_bytes_of_the_hash_of_name_type_and_key() {
    let verifier = VerifierKey::parse(PETER_VKEY).unwrap();
    let VerifierKey::Ed25519(ed25519) = &verifier else {
        panic!("Ed25519 key")
    };
    let mut encoded = vec![0x01];
    encoded.extend_from_slice(&ed25519.public_key());
    assert_eq!(key_id("PeterNeumann", &encoded), 0xc74f20a3);
}

#[test]
fn a_note_carries_ed25519_and_sm2_signatures_and_each_reader_checks_what_it_knows() {
    let mut rng = TestRng::new(1);
    let ed25519 = Ed25519Signer::generate("zhifa.example/ledger", &mut rng).unwrap();
    let sm2 = Sm2Signer::generate("zhifa.example/ledger-sm2", &mut rng).unwrap();
    let text = "zhifa.example/ledger\n3\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    let note = sign_note(text, &[&ed25519, &sm2]).unwrap();
    assert_eq!(note.lines().filter(|l| l.starts_with('—')).count(), 2);

    // A reader that knows only the Ed25519 key ignores the SM2 line.
    let ed25519_only = VerifierSet::new(vec![VerifierKey::Ed25519(ed25519.verifier())]);
    let opened = open_note(note.as_bytes(), &ed25519_only).unwrap();
    assert_eq!(opened.verified.len(), 1);
    assert_eq!(opened.unverified.len(), 1);
    assert_eq!(opened.unverified[0].name, "zhifa.example/ledger-sm2");

    // A reader that knows only the SM2 key accepts on the SM2 signature alone.
    let sm2_only = VerifierSet::new(vec![VerifierKey::Sm2(sm2.verifier())]);
    let opened = open_note(note.as_bytes(), &sm2_only).unwrap();
    assert_eq!(opened.verified[0].name, "zhifa.example/ledger-sm2");

    // A reader that knows both checks both.
    let both = VerifierSet::new(vec![
        VerifierKey::Ed25519(ed25519.verifier()),
        VerifierKey::Sm2(sm2.verifier()),
    ]);
    assert_eq!(open_note(note.as_bytes(), &both).unwrap().verified.len(), 2);

    // A forged SM2 signature is caught by a reader that knows the SM2 key.
    let forged_line = NoteSignature {
        name: sm2.name().to_owned(),
        key_id: sm2.key_id(),
        signature: vec![7; 64],
    };
    let ed25519_line = note.lines().nth(4).unwrap();
    let forged = format!("{text}\n{}{ed25519_line}\n", forged_line.to_line());
    assert!(matches!(
        open_note(forged.as_bytes(), &sm2_only),
        Err(NoteError::InvalidSignature { .. })
    ));
}

#[test]
fn sm2_keys_survive_their_text_encodings_and_use_the_0xff_type() {
    let mut rng = TestRng::new(2);
    let signer = SignerKey::Sm2(Sm2Signer::generate("zhifa.example/sm2", &mut rng).unwrap());
    let reparsed = SignerKey::parse(&signer.to_text()).unwrap();
    assert_eq!(reparsed.verifier(), signer.verifier());
    let vkey = signer.verifier().to_text();
    assert_eq!(VerifierKey::parse(&vkey), Ok(signer.verifier()));
    assert_eq!(zhifa_ledger::sm2::SM2_SIGNATURE_TYPE.len(), 21);
    assert_eq!(zhifa_ledger::sm2::SM2_SIGNATURE_TYPE[0], 0xff);
    // base64 of 0xff ‖ "zhifa-…": every SM2 verifier key's material starts with "/3po".
    assert!(vkey.split('+').nth(2).unwrap().starts_with("/3po"));
    // The signature verifies through the parsed key and fails on another message.
    let sm2 = signer.as_note_signer().unwrap();
    let sig = sm2.sign(b"text\n").unwrap();
    let verifier = VerifierKey::parse(&vkey).unwrap();
    assert!(verifier.verify(b"text\n", &sig));
    assert!(!verifier.verify(b"text!\n", &sig));
}

#[test]
fn signing_refuses_texts_that_could_not_be_opened() {
    let signer = peter_signer();
    let signer = signer.as_note_signer().unwrap();
    assert!(sign_note("no final newline", &[signer]).is_err());
    assert!(sign_note("tab\there\n", &[signer]).is_err());
    assert!(sign_note(TEXT, &[]).is_err());
}
