//! C2SP tlog-checkpoint note text: the spec's example, round trips and strict refusals.

use proptest::prelude::*;
use zhifa_ledger::hash::hash_to_base64;
use zhifa_ledger::{Checkpoint, CheckpointError, EMPTY_TREE_HASH};

/// The example of C2SP tlog-checkpoint (and of tlog-cosignature and tlog-witness).
const SPEC_EXAMPLE: &str =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

#[test]
fn the_spec_example_parses_and_prints_back_unchanged() {
    let checkpoint = Checkpoint::parse(SPEC_EXAMPLE).unwrap();
    assert_eq!(checkpoint.origin(), "example.com/behind-the-sofa");
    assert_eq!(checkpoint.size(), 20_852_163);
    assert_eq!(
        hash_to_base64(checkpoint.root_hash()),
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
    );
    assert!(checkpoint.extensions().is_empty());
    assert_eq!(checkpoint.to_text(), SPEC_EXAMPLE);
}

#[test]
fn extension_lines_are_kept_in_order() {
    let text = format!("{SPEC_EXAMPLE}first extension\nsecond one\n");
    let checkpoint = Checkpoint::parse(&text).unwrap();
    assert_eq!(checkpoint.extensions(), ["first extension", "second one"]);
    assert_eq!(checkpoint.to_text(), text);
}

#[test]
fn the_empty_tree_is_size_zero_with_the_rfc_6962_empty_hash() {
    let checkpoint = Checkpoint::new("zhifa.example/ledger", 0, EMPTY_TREE_HASH).unwrap();
    assert_eq!(
        checkpoint.to_text(),
        "zhifa.example/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
    );
    assert_eq!(Checkpoint::parse(&checkpoint.to_text()), Ok(checkpoint));
}

#[test]
fn malformed_checkpoint_texts_are_refused_with_the_reason() {
    let hash = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
    let cases: &[(String, CheckpointError)] = &[
        (
            SPEC_EXAMPLE.trim_end().to_owned(),
            CheckpointError::MissingFinalNewline,
        ),
        ("o\n1\n".to_owned(), CheckpointError::TooFewLines),
        (format!("\n1\n{hash}\n"), CheckpointError::EmptyOrigin),
        (format!("o\n01\n{hash}\n"), CheckpointError::MalformedSize),
        (format!("o\n+1\n{hash}\n"), CheckpointError::MalformedSize),
        (format!("o\n\n{hash}\n"), CheckpointError::MalformedSize),
        (
            format!("o\n18446744073709551616\n{hash}\n"),
            CheckpointError::MalformedSize,
        ),
        (
            format!("o\n1\n{}\n", &hash[1..]),
            CheckpointError::MalformedRootHash,
        ),
        (
            format!("o\n1\n{hash} \n"),
            CheckpointError::MalformedRootHash,
        ),
        (
            format!("o\n1\n{hash}\n\n"),
            CheckpointError::EmptyExtensionLine,
        ),
        (
            format!("o\n1\n{hash}\next\n\nmore\n"),
            CheckpointError::EmptyExtensionLine,
        ),
        (
            format!("o\r\n1\n{hash}\n"),
            CheckpointError::ControlCharacter,
        ),
        (
            format!("o\t\n1\n{hash}\n"),
            CheckpointError::ControlCharacter,
        ),
    ];
    for (text, error) in cases {
        assert_eq!(Checkpoint::parse(text).as_ref(), Err(error), "{text:?}");
    }
}

#[test]
fn constructors_refuse_lines_that_would_break_the_format() {
    assert_eq!(
        Checkpoint::new("", 1, EMPTY_TREE_HASH),
        Err(CheckpointError::EmptyOrigin)
    );
    assert_eq!(
        Checkpoint::new("a\nb", 1, EMPTY_TREE_HASH),
        Err(CheckpointError::ControlCharacter)
    );
    assert_eq!(
        Checkpoint::with_extensions("a", 1, EMPTY_TREE_HASH, vec![String::new()]),
        Err(CheckpointError::EmptyExtensionLine)
    );
}

proptest! {
    #[test]
    fn any_valid_checkpoint_survives_printing_and_parsing(
        origin in "[a-z0-9./\\-\u{4e00}-\u{9fa5}]{1,40}",
        size in any::<u64>(),
        root in any::<[u8; 32]>(),
        extensions in proptest::collection::vec("[ -~]{1,20}", 0..3),
    ) {
        let checkpoint = Checkpoint::with_extensions(&origin, size, root, extensions).unwrap();
        prop_assert_eq!(Checkpoint::parse(&checkpoint.to_text()), Ok(checkpoint));
    }
}
