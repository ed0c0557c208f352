//! The rest of the standard set: records, hearing papers, review and discussion, measures,
//! assistance, the reminder and the court application, the case file's cover and index —
//! each from what the case recorded, and refused, citing the article, when an item the law
//! prescribes is missing.

use super::documents::{agency, decided, extras, offered, text};
use super::*;
use crate::case::coercive::{Item, MeasureCommand, MeasureKind};
use crate::documents::{self, DocContent, DocKind, DocRef, Extras, FiledDocument};

fn build_ref(doc: DocRef, w: &World, x: &Extras) -> Result<DocContent, Refusal> {
    documents::build(doc, &w.case, &agency(), x, "", w.today)
}

fn one(kind: DocKind, w: &World) -> String {
    let doc = build_ref(DocRef::of(kind), w, &extras())
        .unwrap_or_else(|r| panic!("{kind:?}: {}", r.message));
    text(&doc)
}

/// A 20,000 元 fine with a hearing, legal review and collective discussion, decided.
fn heard_reviewed_discussed() -> World {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    w.investigate();
    let mut interview = step(Step::Interview, w.today, true);
    if let Command::RecordStep { note, .. } = &mut interview {
        *note = "问：垃圾是谁倾倒的？答：是我雇的车倒的。".into();
    }
    w.run(OFFICER_A, interview);
    w.conclude(Penalty::fine(yuan(20_000)));
    w.run(OFFICER_A, Command::Notify { served_on: w.today });
    w.advance(1);
    w.run(OFFICER_A, Command::RequestHearing { on: w.today });
    w.run(
        OFFICER_A,
        Command::ScheduleHearing {
            date: d(2026, 3, 20),
            notified_on: w.today,
            chair_id: 9,
        },
    );
    w.today = d(2026, 3, 20);
    w.run(
        9,
        Command::HoldHearing {
            on: w.today,
            party_appeared: true,
            summary: "当事人承认倾倒事实，请求从轻".into(),
        },
    );
    w.run(OFFICER_A, Command::SubmitForReview);
    w.run(
        REVIEWER,
        Command::Review {
            passed: true,
            opinion: "事实清楚，程序合法".into(),
        },
    );
    w.run(
        HEAD,
        Command::Discuss {
            attendee_ids: vec![HEAD, 10, 11],
            conclusion: "同意罚款二万元".into(),
        },
    );
    w.run(HEAD, decide_cmd(punish(20_000)));
    w
}

#[test]
fn the_records_and_the_hearing_papers_come_from_the_steps_they_record() {
    let w = heard_reviewed_discussed();
    let mut x = extras();
    x.names.insert(9, "陈主持".into());
    x.names.insert(10, "周副镇长".into());
    x.names.insert(11, "吴委员".into());
    let kinds: Vec<DocRef> = offered(&w).into_iter().map(|(r, _)| r).collect();
    for r in [
        DocRef::item(DocKind::InspectionRecord, 1),
        DocRef::item(DocKind::InterviewRecord, 1),
        DocRef::of(DocKind::HearingRightsNotice),
        DocRef::of(DocKind::HearingRecord),
        DocRef::of(DocKind::ReviewOpinion),
        DocRef::of(DocKind::DiscussionRecord),
    ] {
        assert!(kinds.contains(&r), "{r:?} is offered: {kinds:?}");
    }
    assert!(!kinds.contains(&DocRef::item(DocKind::InterviewRecord, 2)));
    let t = |r: DocRef| text(&build_ref(r, &w, &x).unwrap());
    let interview = t(DocRef::item(DocKind::InterviewRecord, 1));
    for s in [
        "是我雇的车倒的",
        "申请回避",
        "被询问人签名",
        "已出示行政执法证件",
    ] {
        assert!(interview.contains(s), "{s}: {interview}");
    }
    let hearing = t(DocRef::of(DocKind::HearingRecord));
    assert!(
        hearing.contains("陈主持") && hearing.contains("请求从轻"),
        "{hearing}"
    );
    let review = t(DocRef::of(DocKind::ReviewOpinion));
    assert!(
        review.contains("赵审核") && review.contains("程序合法"),
        "{review}"
    );
    let discussion = t(DocRef::of(DocKind::DiscussionRecord));
    for s in ["王镇长", "周副镇长", "吴委员", "同意罚款二万元"] {
        assert!(discussion.contains(s), "{s}: {discussion}");
    }
    let rights = t(DocRef::of(DocKind::HearingRightsNotice));
    assert!(rights.contains("有权要求举行听证"), "{rights}");
    // The hearing notice belongs to the scheduled hearing; once held it is no longer offered.
    assert!(build_ref(DocRef::of(DocKind::HearingNotice), &w, &x).is_err());
}

#[test]
fn a_seizure_decision_lists_what_is_seized_and_needs_the_partys_address() {
    let seize = |w: &mut World| {
        w.run(
            HEAD,
            Command::Measure {
                command: MeasureCommand::Apply {
                    kind: MeasureKind::Seize,
                    items: vec![Item {
                        name: "自卸货车".into(),
                        quantity: "1辆".into(),
                        note: "车牌川X12345".into(),
                    }],
                    list_delivered: true,
                    party_heard: true,
                    record_id: Some(300),
                    evidence_ids: vec![],
                    officer_ids: vec![OFFICER_A, OFFICER_B],
                    certificate_shown: true,
                    audio_video: true,
                    av_exception: None,
                    emergency: None,
                },
            },
        )
    };
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    seize(&mut w);
    let doc = build_ref(DocRef::item(DocKind::SeizureDecision, 1), &w, &extras()).unwrap();
    assert_eq!(doc.title, "扣押决定书");
    assert_eq!(doc.tables[0].rows[0][1], "自卸货车");
    let t = text(&doc);
    for s in ["三十日", "第二十五条", "申请行政复议", "提起行政诉讼"] {
        assert!(t.contains(s), "{s}: {t}");
    }
    let mut party = person();
    if let Party::Natural { address, .. } = &mut party {
        *address = None;
    }
    let mut w = World::new(party, d(2026, 3, 2));
    w.file();
    seize(&mut w);
    let refusal = build_ref(DocRef::item(DocKind::SeizureDecision, 1), &w, &extras()).unwrap_err();
    assert_eq!(refusal.code, "document.missing_content");
    assert_eq!(refusal.basis, Some("《行政强制法》第二十四条"));
}

#[test]
fn a_reminder_states_the_sum_owed_and_the_court_application_follows_it() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    w.investigate();
    w.conclude(Penalty::fine(yuan(500)));
    w.run(OFFICER_A, Command::Notify { served_on: w.today });
    w.run(
        OFFICER_A,
        Command::HearStatement {
            on: w.today,
            defended: false,
            summary: "放弃".into(),
        },
    );
    w.run(HEAD, decide_cmd(punish(500)));
    w.run(
        OFFICER_A,
        Command::Serve {
            on: w.today,
            method: ServiceMethod::Direct,
            consent_to_electronic: false,
        },
    );
    w.advance(20);
    w.run(OFFICER_A, Command::ServeReminder { on: w.today });
    // Without the sum owed, the reminder is refused (第三十五条: a definite amount).
    let refusal = build_ref(DocRef::of(DocKind::PaymentReminder), &w, &extras()).unwrap_err();
    assert_eq!(refusal.basis, Some("《行政强制法》第三十五条"));
    let owed = super::super::owed(&w.case, &w.ctx(OFFICER_A), w.today)
        .unwrap()
        .unwrap();
    assert_eq!(owed.fine, yuan(500));
    assert!(
        owed.late_fee > Fen::ZERO,
        "the late fee runs after the deadline"
    );
    let mut x = extras();
    x.owed.push(owed);
    let t = text(&build_ref(DocRef::of(DocKind::PaymentReminder), &w, &x).unwrap());
    for s in [
        "十日内".to_string(),
        "陈述和申辩".to_string(),
        format!("加处罚款{}", owed.late_fee),
        "城关镇罚决〔2026〕1号".to_string(),
    ] {
        assert!(t.contains(&s), "{s}: {t}");
    }
    // Ten working days after the reminder.
    w.advance(17);
    w.run(OFFICER_A, Command::ApplyToCourt { on: w.today });
    x.owed.push(
        super::super::owed(&w.case, &w.ctx(OFFICER_A), w.today)
            .unwrap()
            .unwrap(),
    );
    let doc = build_ref(DocRef::of(DocKind::EnforcementApplication), &w, &x).unwrap();
    assert_eq!(doc.addressee, "示范县人民法院：");
    let t = text(&doc);
    assert!(
        t.contains("被申请人：张三") && t.contains("催告书送达十日后"),
        "{t}"
    );
}

#[test]
fn assistance_letters_commitments_and_the_file_cover() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    w.run(
        OFFICER_A,
        Command::RequestAssistance {
            to: "示范县自然资源局".into(),
            request: "协助测量倾倒点的占地面积".into(),
        },
    );
    let letter = build_ref(DocRef::item(DocKind::AssistanceLetter, 1), &w, &extras()).unwrap();
    assert_eq!(letter.addressee, "示范县自然资源局：");
    assert!(text(&letter).contains("第二十六条"));
    assert!(build_ref(DocRef::item(DocKind::AssistanceLetter, 2), &w, &extras()).is_err());

    // 首违不罚 proposed: the commitment letter is offered for the party to sign.
    w.investigate();
    w.run(
        OFFICER_A,
        conclude(Outcome::NotPunish {
            ground: NotPunishedGround::FirstOffence,
        }),
    );
    let t = one(DocKind::Commitment, &w);
    assert!(
        t.contains("本人郑重承诺") && t.contains("清理倾倒的垃圾"),
        "{t}"
    );

    // The cover lists what was issued in the order of the file, whatever the order issued.
    w.run(
        OFFICER_A,
        Command::RecordEducation {
            evidence_id: 7,
            commitment_id: Some(8),
        },
    );
    w.run(
        HEAD,
        decide_cmd(Outcome::NotPunish {
            ground: NotPunishedGround::FirstOffence,
        }),
    );
    w.run(HEAD, Command::Close);
    let mut x = extras();
    let filed = |doc: DocRef, n: &str| FiledDocument {
        doc,
        number: n.into(),
        date: d(2026, 3, 2),
        code: format!("CODE-{n}"),
    };
    x.filed = vec![
        filed(
            DocRef::of(DocKind::NoPenaltyDecision),
            "城关镇不罚决〔2026〕1号",
        ),
        filed(DocRef::of(DocKind::FilingApproval), "城关镇立审〔2026〕1号"),
        filed(DocRef::item(DocKind::InspectionRecord, 1), ""),
    ];
    let cover = build_ref(DocRef::of(DocKind::FileCover), &w, &x).unwrap();
    let order: Vec<&str> = cover.tables[0].rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        order,
        [
            "立案审批表",
            "现场检查（勘验）笔录（第1份）",
            "不予行政处罚决定书"
        ]
    );
    let t = text(&cover);
    assert!(
        t.contains("CGZ-2026-0001") && t.contains("30年") && t.contains("3件"),
        "{t}"
    );
}

#[test]
fn the_party_signs_a_receipt_on_screen_once_and_only_a_receipt_or_on_the_spot_decision() {
    let mut w = decided(person());
    let sign = |kind: DocKind| Command::SignDocument {
        document_id: 31,
        document: DocRef::of(kind),
        evidence_id: 400,
        signer: "张三".into(),
    };
    assert_eq!(
        w.refused(OFFICER_A, sign(DocKind::PenaltyDecision)),
        "case.not_signable"
    );
    w.run(OFFICER_A, sign(DocKind::ServiceReceipt));
    assert_eq!(w.case.signatures[0].evidence_id, 400);
    assert_eq!(
        w.refused(OFFICER_A, sign(DocKind::ServiceReceipt)),
        "case.signed_twice"
    );
}
