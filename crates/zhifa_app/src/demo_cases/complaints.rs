//! The demo's complaints: one answered, one escalated because nobody accepted it in time, and
//! one about officers' conduct waiting at the justice bureau, so that the workbench and the
//! portal's tracking show each state. Filed by the seed's clock on earlier days.

use crate::clock::FixedClock;
use crate::complaints::FilingInput;
use crate::error::AppResult;
use crate::{Actor, App};
use chrono::{Days, NaiveDate, TimeZone, Utc};
use zhifa_domain::complaint::{Channel, ComplaintCommand, Contact};

fn morning(day: NaiveDate) -> chrono::DateTime<Utc> {
    // 09:30 in China.
    Utc.from_utc_datetime(&day.and_hms_opt(1, 30, 0).expect("valid time"))
}

/// Files the demo's complaints in township `township_code`, handled by `officer` of it.
pub async fn seed(
    app: &App,
    clock: &FixedClock,
    today: NaiveDate,
    township_code: &str,
    officer: &Actor,
) -> AppResult<()> {
    let back = |days: u64| morning(today - Days::new(days));
    clock.set(back(12));
    let answered = app
        .file_complaint(FilingInput {
            service_code: "SC-ZJ-003".into(),
            township_code: Some(township_code.into()),
            description: "城关镇河滨路菜市场东侧有人长期堆放垃圾和柴草，夏天气味很大，影响周边居民"
                .into(),
            location: "城关镇河滨路菜市场东侧".into(),
            contact: Some(Contact {
                name: "王秀兰".into(),
                phone: "13800001234".into(),
                email: String::new(),
            }),
            channel: Some(Channel::Portal),
            ..FilingInput::default()
        })
        .await?;
    clock.set(back(11));
    app.act_on_complaint(
        officer,
        answered.id,
        ComplaintCommand::Accept {
            note: "安排张执法、陈执法现场核查".into(),
        },
    )
    .await?;
    clock.set(back(8));
    app.act_on_complaint(
        officer,
        answered.id,
        ComplaintCommand::Answer {
            text: "经现场核查，反映情况属实。已责令堆放人当日清理完毕，并纳入网格巡查；后续如再发生，请继续反映。".into(),
            case_code: None,
        },
    )
    .await?;

    clock.set(back(20));
    app.file_complaint(FilingInput {
        service_code: "other".into(),
        township_code: Some(township_code.into()),
        description: "城关镇滨河小区附近工地夜间施工噪声很大，每天持续到凌晨".into(),
        location: "城关镇滨河小区南侧工地".into(),
        channel: Some(Channel::Open311),
        ..FilingInput::default()
    })
    .await?;

    clock.set(back(1));
    app.file_complaint(FilingInput {
        service_code: "conduct".into(),
        township_code: Some(township_code.into()),
        description: "执法人员检查我店时未出示执法证件，也没有说明检查依据".into(),
        contact: Some(Contact {
            name: "李老板".into(),
            phone: String::new(),
            email: "shop@example.com".into(),
        }),
        ..FilingInput::default()
    })
    .await?;
    clock.set(morning(today));
    app.escalate_overdue().await?;
    Ok(())
}
