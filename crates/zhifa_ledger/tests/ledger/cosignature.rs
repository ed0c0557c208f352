//! C2SP tlog-cosignature `cosignature/v1`: published keys and timestamps, and round trips.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zhifa_ledger::cosignature::{MAX_TIMESTAMP, cosignature_timestamp};
use zhifa_ledger::note::parse_note;
use zhifa_ledger::{
    Cosigner, Ed25519Signer, NoteError, NoteVerifier, SignerKey, VerifierKey, VerifierSet, cosign,
    open_note, sign_note,
};

use crate::support::TestRng;

const CHECKPOINT: &str =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

fn witness() -> Cosigner {
    Cosigner::generate("witness.example.com/w1", &mut TestRng::new(7)).unwrap()
}

#[test]
fn the_spec_example_cosignature_carries_the_spec_example_time() {
    // C2SP tlog-cosignature: the example line's timestamp is the "time 1679315147" of the
    // example signed message.
    let line = "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==";
    let signature = zhifa_ledger::NoteSignature::parse_line(line).unwrap();
    assert_eq!(signature.key_id, 0x8d66cf3f);
    assert_eq!(
        cosignature_timestamp(&signature.signature),
        Ok(1_679_315_147)
    );
}

#[test]
fn a_published_cosignature_timestamp_is_read_and_a_plain_signature_is_not_one() {
    // transparency-dev/formats, note/note_cosigv1_test.go, TestCosignatureTimestamp.
    let raw = STANDARD
        .decode("ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==")
        .unwrap();
    assert_eq!(cosignature_timestamp(&raw[4..]), Ok(1_727_964_367));
    let plain = STANDARD
        .decode("eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=")
        .unwrap();
    assert!(cosignature_timestamp(&plain[4..]).is_err());
}

#[test]
fn a_published_cosigner_key_parses_with_its_key_id() {
    // transparency-dev/formats, note/note_cosigv1_test.go, TestCoSigV1NewVerifier: a native
    // cosignature/v1 (type 0x04) verifier key.
    let vkey = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";
    let key = VerifierKey::parse(vkey).unwrap();
    assert!(matches!(key, VerifierKey::Cosignature(_)));
    assert_eq!(key.key_id(), 0xda77ade7);
    assert_eq!(key.to_text(), vkey);
}

#[test]
fn a_cosigned_checkpoint_opens_with_the_witness_key() {
    let witness = witness();
    let cosignature = cosign(CHECKPOINT, 1_679_315_147, &witness).unwrap();
    assert_eq!(
        cosignature_timestamp(&cosignature.signature),
        Ok(1_679_315_147)
    );
    let note = format!("{CHECKPOINT}\n{}", cosignature.to_line());
    let keys = VerifierSet::new(vec![VerifierKey::Cosignature(witness.verifier())]);
    let opened = open_note(note.as_bytes(), &keys).unwrap();
    assert_eq!(opened.text, CHECKPOINT);
}

#[test]
fn the_cosignature_covers_the_time_and_the_extension_lines() {
    let witness = witness();
    let text = format!("{CHECKPOINT}extension\n");
    let cosignature = cosign(&text, 100, &witness).unwrap();
    let verifier = witness.verifier();
    assert!(verifier.verify(text.as_bytes(), &cosignature.signature));
    let changed_extension = format!("{CHECKPOINT}extensioN\n");
    assert!(!verifier.verify(changed_extension.as_bytes(), &cosignature.signature));
    let mut other_time = cosignature.signature.clone();
    other_time[7] ^= 1;
    assert!(!verifier.verify(text.as_bytes(), &other_time));
}

#[test]
fn a_cosigner_key_and_a_log_key_from_the_same_seed_do_not_verify_each_other() {
    // Type 0x04 and type 0x01 give different key IDs, so neither line is taken for the other.
    let seed = [9; 32];
    let log_key = Ed25519Signer::from_seed("example.com/behind-the-sofa", &seed).unwrap();
    let cosigner = Cosigner::from_seed("example.com/behind-the-sofa", &seed).unwrap();
    assert_ne!(
        cosigner.key_id(),
        zhifa_ledger::NoteSigner::key_id(&log_key)
    );
    let signed = sign_note(CHECKPOINT, &[&log_key]).unwrap();
    let cosigner_only = VerifierSet::new(vec![VerifierKey::Cosignature(cosigner.verifier())]);
    assert_eq!(
        open_note(signed.as_bytes(), &cosigner_only),
        Err(NoteError::NoVerifiedSignature { unverified: 1 })
    );
}

#[test]
fn cosigning_refuses_non_checkpoints_and_timestamps_beyond_two_to_the_63() {
    let witness = witness();
    assert!(matches!(
        cosign("just text\n", 1, &witness),
        Err(NoteError::NotACheckpoint(_))
    ));
    assert_eq!(
        cosign(CHECKPOINT, MAX_TIMESTAMP + 1, &witness),
        Err(NoteError::TimestampOutOfRange)
    );
    assert!(cosign(CHECKPOINT, MAX_TIMESTAMP, &witness).is_ok());
}

#[test]
fn a_cosigner_key_survives_its_text_encodings() {
    let signer = SignerKey::Cosigner(witness());
    let reparsed = SignerKey::parse(&signer.to_text()).unwrap();
    assert_eq!(reparsed.verifier(), signer.verifier());
    assert!(
        reparsed.as_note_signer().is_none(),
        "a cosigner signs only with a timestamp"
    );
    let line = cosign(CHECKPOINT, 5, &witness()).unwrap().to_line();
    let (_, parsed) = parse_note(format!("{CHECKPOINT}\n{line}").as_bytes()).unwrap();
    assert_eq!(parsed[0].signature.len(), 72);
}
