//! C2SP tlog-witness `add-checkpoint`: the spec's request example, and the witness's
//! decision for honest, stale, forked and rewritten logs.

use zhifa_ledger::witness::{TLOG_SIZE_CONTENT_TYPE, add_checkpoint};
use zhifa_ledger::{
    AddCheckpointRequest, Checkpoint, Cosigner, Ed25519Signer, Hash, NoteVerifier, TreeHead,
    TrustedLog, VerifierKey, VerifierSet, WitnessRefusal, open_note, prove_tree, sign_note,
};

use crate::support::{MemoryLog, TestRng};

const ORIGIN: &str = "zhifa.example/ledger";
const NOW: u64 = 1_700_000_000;

/// The example request body of C2SP tlog-witness.
const SPEC_REQUEST: &str = "old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
";

/// A log, its signing key, and the witness that cosigns it.
struct Setup {
    log_key: Ed25519Signer,
    trusted: TrustedLog,
    witness: Cosigner,
}

fn setup() -> Setup {
    let mut rng = TestRng::new(3);
    let log_key = Ed25519Signer::generate(ORIGIN, &mut rng).unwrap();
    let trusted = TrustedLog {
        origin: ORIGIN.to_owned(),
        keys: VerifierSet::new(vec![VerifierKey::Ed25519(log_key.verifier())]),
    };
    let witness = Cosigner::generate("witness.example/w1", &mut rng).unwrap();
    Setup {
        log_key,
        trusted,
        witness,
    }
}

impl Setup {
    /// The request a log of this content sends, claiming the witness last saw `old` records.
    fn request(&self, log: &MemoryLog, old: u64) -> AddCheckpointRequest {
        let checkpoint = Checkpoint::new(ORIGIN, log.size, log.root()).unwrap();
        AddCheckpointRequest {
            old_size: old,
            proof: if old == 0 {
                vec![]
            } else {
                prove_tree(log.size, old, &log.hashes).unwrap()
            },
            checkpoint: sign_note(&checkpoint.to_text(), &[&self.log_key]).unwrap(),
        }
    }

    fn decide(
        &self,
        request: &AddCheckpointRequest,
        latest: Option<TreeHead>,
    ) -> Result<TreeHead, WitnessRefusal> {
        add_checkpoint(request, Some(&self.trusted), latest, &self.witness, NOW).map(|c| c.new_head)
    }
}

fn head(log: &MemoryLog) -> TreeHead {
    TreeHead {
        size: log.size,
        root_hash: log.root(),
    }
}

#[test]
fn the_spec_example_request_parses_and_prints_back_unchanged() {
    let request = AddCheckpointRequest::parse(SPEC_REQUEST.as_bytes()).unwrap();
    assert_eq!(request.old_size, 20_852_014);
    assert_eq!(request.proof.len(), 4);
    assert_eq!(request.origin(), Some("example.com/behind-the-sofa"));
    assert_eq!(request.to_text(), SPEC_REQUEST);
}

#[test]
fn malformed_request_bodies_are_bad_requests() {
    let note = SPEC_REQUEST.split_once("\n\n").unwrap().1;
    let proof_line = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n";
    for body in [
        String::new(),
        format!("old 01\n\n{note}"),
        format!("old -1\n\n{note}"),
        format!("new 1\n\n{note}"),
        format!("old 1\nnot base64\n\n{note}"),
        format!("old 1\n{}\n{note}", proof_line.repeat(64)),
        format!("old 1\n{proof_line}"),
        "old 1\n\nno signatures\n".to_owned(),
    ] {
        let refusal = AddCheckpointRequest::parse(body.as_bytes()).unwrap_err();
        assert_eq!(refusal.http_status(), 400, "{body:?}");
    }
    let max = format!("old 1\n{}\n{note}", proof_line.repeat(63));
    assert!(AddCheckpointRequest::parse(max.as_bytes()).is_ok());
}

#[test]
fn a_first_checkpoint_and_each_consistent_growth_are_cosigned() {
    let setup = setup();
    let mut log = MemoryLog::numbered("case", 10);
    let first = add_checkpoint(
        &setup.request(&log, 0),
        Some(&setup.trusted),
        None,
        &setup.witness,
        NOW,
    )
    .unwrap();
    assert_eq!(first.new_head, head(&log));

    // The response line, appended to the checkpoint, opens with the witness key.
    let note = format!(
        "{}{}",
        setup.request(&log, 0).checkpoint,
        first.response_body()
    );
    let witness_keys = VerifierSet::new(vec![VerifierKey::Cosignature(setup.witness.verifier())]);
    let opened = open_note(note.as_bytes(), &witness_keys).unwrap();
    assert_eq!(opened.verified[0].key_id, setup.witness.verifier().key_id());

    let mut latest = first.new_head;
    for grown in [11, 16, 300] {
        while log.size < grown {
            log.append(format!("case {}", log.size).as_bytes());
        }
        latest = setup
            .decide(&setup.request(&log, latest.size), Some(latest))
            .unwrap();
        assert_eq!(latest, head(&log));
    }
    // Resubmitting the same checkpoint is cosigned again.
    assert_eq!(
        setup.decide(&setup.request(&log, log.size), Some(latest)),
        Ok(latest)
    );
}

#[test]
fn a_request_from_a_stale_view_gets_409_with_the_latest_size() {
    let setup = setup();
    let log = MemoryLog::numbered("case", 20);
    let latest = head(&MemoryLog::numbered("case", 15));
    let refusal = setup
        .decide(&setup.request(&log, 12), Some(latest))
        .unwrap_err();
    assert_eq!(
        refusal,
        WitnessRefusal::Conflict {
            old_size: 12,
            latest_size: 15
        }
    );
    assert_eq!(refusal.http_status(), 409);
    assert_eq!(refusal.conflict_body().as_deref(), Some("15\n"));
    assert_eq!(TLOG_SIZE_CONTENT_TYPE, "text/x.tlog.size");
    // A log that does not know the witness's state may ask with old size 0.
    assert_eq!(
        setup
            .decide(&setup.request(&log, 0), Some(latest))
            .unwrap_err()
            .conflict_body()
            .as_deref(),
        Some("15\n")
    );
}

#[test]
fn a_smaller_tree_is_never_cosigned() {
    let setup = setup();
    let latest = head(&MemoryLog::numbered("case", 20));
    let smaller = MemoryLog::numbered("case", 15);
    // Claiming the witness is at 15 is a conflict; claiming 20 is above the checkpoint.
    assert_eq!(
        setup
            .decide(&setup.request(&smaller, 15), Some(latest))
            .unwrap_err()
            .http_status(),
        409
    );
    let mut above = setup.request(&smaller, 15);
    above.old_size = 20;
    assert_eq!(
        setup.decide(&above, Some(latest)),
        Err(WitnessRefusal::OldSizeAboveCheckpoint {
            old_size: 20,
            size: 15
        })
    );
    assert_eq!(
        WitnessRefusal::OldSizeAboveCheckpoint {
            old_size: 20,
            size: 15
        }
        .http_status(),
        400
    );
}

#[test]
fn a_forked_log_is_refused_for_its_proof() {
    // The witness cosigned 10 records; the fork shares the first 6 and then diverges.
    let setup = setup();
    let honest = MemoryLog::numbered("case", 10);
    let mut fork = MemoryLog::numbered("case", 6);
    for i in 6..14 {
        fork.append(format!("other {i}").as_bytes());
    }
    let refusal = setup
        .decide(&setup.request(&fork, 10), Some(head(&honest)))
        .unwrap_err();
    assert_eq!(refusal, WitnessRefusal::BadProof);
    assert_eq!(refusal.http_status(), 422);
}

#[test]
fn a_rewritten_log_is_refused_at_the_same_size_and_when_grown() {
    let setup = setup();
    let honest = MemoryLog::numbered("case", 10);
    let mut records: Vec<String> = (0..10).map(|i| format!("case {i}")).collect();
    records[3] = "case 3, amended".to_owned();
    let mut rewritten = MemoryLog::with_records(records);
    // Same size, different root: a fork of the history the witness vouched for.
    let same_size = setup
        .decide(&setup.request(&rewritten, 10), Some(head(&honest)))
        .unwrap_err();
    assert_eq!(same_size, WitnessRefusal::RootMismatch { latest_size: 10 });
    assert_eq!(same_size.http_status(), 409);
    // Grown, with the rewritten log's own consistency proof: it does not reach the old root.
    rewritten.append(b"case 10");
    let grown = setup
        .decide(&setup.request(&rewritten, 10), Some(head(&honest)))
        .unwrap_err();
    assert_eq!(grown, WitnessRefusal::BadProof);
}

#[test]
fn a_checkpoint_with_a_proof_that_does_not_belong_to_it_is_refused() {
    let setup = setup();
    let log = MemoryLog::numbered("case", 12);
    let latest = head(&MemoryLog::numbered("case", 8));
    let mut request = setup.request(&log, 8);
    request.proof[0][0] ^= 1;
    assert_eq!(
        setup.decide(&request, Some(latest)),
        Err(WitnessRefusal::BadProof)
    );
    let mut first = setup.request(&log, 0);
    first.proof = vec![Hash::default()];
    assert_eq!(setup.decide(&first, None), Err(WitnessRefusal::BadProof));
}

#[test]
fn an_unknown_origin_is_404_and_an_untrusted_signature_403() {
    let setup = setup();
    let log = MemoryLog::numbered("case", 3);
    let request = setup.request(&log, 0);
    assert_eq!(
        add_checkpoint(&request, None, None, &setup.witness, NOW).map(|_| ()),
        Err(WitnessRefusal::UnknownOrigin)
    );
    let other_log = TrustedLog {
        origin: "other.example/log".to_owned(),
        ..setup.trusted.clone()
    };
    let refusal =
        add_checkpoint(&request, Some(&other_log), None, &setup.witness, NOW).unwrap_err();
    assert_eq!(
        (refusal.clone(), refusal.http_status()),
        (WitnessRefusal::UnknownOrigin, 404)
    );

    let impostor = Ed25519Signer::generate(ORIGIN, &mut TestRng::new(99)).unwrap();
    let checkpoint = Checkpoint::new(ORIGIN, log.size, log.root()).unwrap();
    let forged = AddCheckpointRequest {
        checkpoint: sign_note(&checkpoint.to_text(), &[&impostor]).unwrap(),
        ..request
    };
    let refusal = setup.decide(&forged, None).unwrap_err();
    assert_eq!(
        (refusal.clone(), refusal.http_status()),
        (WitnessRefusal::Forbidden, 403)
    );
}
