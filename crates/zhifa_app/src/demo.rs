//! The demo county: a small administrative tree, one account per role, the shipped laws and
//! catalog, officers with certificates and training, and acceptance lists at every stage —
//! so that each role has something to look at and something to do.
//!
//! Everything is created through the use cases, so the demo's audit trail is as real as a
//! county's. The history is laid down by a clock that starts 60 days before `today`.

use crate::catalog::{CatalogFormat, CatalogImport};
use crate::clock::FixedClock;
use crate::error::AppResult;
use crate::lists::AssessmentInput;
use crate::users::UserInput;
use crate::{App, reference};
use chrono::{Days, NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use zhifa_domain::Id;
use zhifa_domain::officers::{CertificateApplication, TrainingKind};
use zhifa_domain::org::{OrgKind, Role};
use zhifa_domain::policy::Policy;
use zhifa_store::{NewOrg, Store};

/// The demo accounts' password. Printed by `zhifa demo`; never used outside the demo.
pub const DEMO_PASSWORD: &str = "Zhifa-Demo-2026";

/// The departments every demo county has, named as the catalog names them.
const DEPARTMENTS: [&str; 11] = [
    "县自然资源局",
    "县农业农村局",
    "县生态环境局",
    "县住房和城乡建设局",
    "县林业局",
    "县水利局",
    "县交通运输局",
    "县应急管理局",
    "县综合行政执法局",
    "县市场监督管理局",
    "县卫生健康局",
];

#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: &'static str,
    pub role: Role,
    pub org: String,
}

#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub logins: Vec<DemoLogin>,
    pub county_id: Id,
    pub townships: Vec<(String, Id)>,
}

fn noon(day: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(4, 0, 0).expect("valid time"))
}

/// Fills an empty, migrated store with the demo county as of `today`.
pub async fn seed(
    store: Arc<dyn Store>,
    today: NaiveDate,
    policy: Policy,
) -> AppResult<DemoSummary> {
    let start = today - Days::new(60);
    let clock = Arc::new(FixedClock::new(noon(start)));
    let app = App::new(store, clock.clone(), policy);
    let org = |parent_id, kind, name: &str, code: &str| NewOrg {
        parent_id,
        kind,
        name: name.into(),
        code: code.into(),
    };

    let province = app
        .create_org(None, org(None, OrgKind::Province, "四川省", "51"))
        .await?;
    let city = app
        .create_org(
            None,
            org(Some(province.id), OrgKind::City, "示范市", "5199"),
        )
        .await?;
    let county = app
        .create_org(
            None,
            org(Some(city.id), OrgKind::County, "示范县", "519901"),
        )
        .await?;
    let mut depts = Vec::new();
    for (i, name) in DEPARTMENTS.iter().enumerate() {
        depts.push(
            app.create_org(
                None,
                org(
                    Some(county.id),
                    OrgKind::CountyDepartment,
                    name,
                    &format!("519901-D{:02}", i + 1),
                ),
            )
            .await?,
        );
    }
    let justice = app
        .create_org(
            None,
            org(
                Some(county.id),
                OrgKind::JusticeBureau,
                "示范县司法局",
                "519901-SF",
            ),
        )
        .await?;
    let mut towns = Vec::new();
    for (i, name) in ["城关镇", "河口街道", "青山镇", "白云乡"]
        .iter()
        .enumerate()
    {
        towns.push(
            app.create_org(
                None,
                org(
                    Some(county.id),
                    OrgKind::Township,
                    name,
                    &format!("519901{:03}", i + 1),
                ),
            )
            .await?,
        );
    }
    app.create_org(
        None,
        org(
            Some(towns[0].id),
            OrgKind::JusticeOffice,
            "城关司法所",
            "519901001-SF",
        ),
    )
    .await?;
    let urban = app
        .create_class(None, county.id, "一类（城镇型）", "县城所在地及城郊街道")
        .await?;
    let rural = app
        .create_class(None, county.id, "二类（农业型）", "以农业、林业为主的乡镇")
        .await?;
    for (t, class) in towns.iter().zip([urban, urban, rural, rural]) {
        app.assign_class(None, t.id, Some(class)).await?;
    }

    let accounts: [(&'static str, &str, Role, Id); 13] = [
        ("admin", "王建国", Role::Administrator, county.id),
        ("city", "刘审核", Role::FilingReviewer, city.id),
        ("justice", "赵司法", Role::Justice, justice.id),
        ("dept", "钱环保", Role::Department, depts[2].id),
        ("supervisor", "孙监督", Role::Supervisor, county.id),
        ("head", "李镇长", Role::TownshipHead, towns[0].id),
        ("officer", "张执法", Role::Officer, towns[0].id),
        ("officer2", "陈执法", Role::Officer, towns[0].id),
        ("officer3", "杨执法", Role::Officer, towns[0].id),
        ("aux", "周辅助", Role::Auxiliary, towns[0].id),
        ("reviewer", "吴法审", Role::LegalReviewer, towns[0].id),
        ("qs_head", "郑乡长", Role::TownshipHead, towns[2].id),
        ("qs_officer", "冯执法", Role::Officer, towns[2].id),
    ];
    let mut ids = std::collections::HashMap::new();
    for (username, name, role, org_id) in accounts {
        let input = UserInput {
            username: username.into(),
            display_name: name.into(),
            role,
            org_id,
            password: DEMO_PASSWORD.into(),
        };
        ids.insert(username, app.create_user(None, input).await?);
    }
    let actor = |app: &App, name: &'static str| {
        let id = ids[name];
        let app = app.clone();
        async move {
            let mut tx = app.begin().await?;
            app.actor_for(&mut *tx, id).await
        }
    };

    let laws: Vec<(String, String)> = reference::laws()
        .into_iter()
        .map(|(n, t)| (n, t.to_string()))
        .collect();
    app.import_laws(None, &laws, "LawRefBook/Laws（国家法律法规数据库镜像）")
        .await?;
    let admin = actor(&app, "admin").await?;
    app.import_catalog(
        Some(&admin),
        CatalogImport {
            name: "乡镇(街道)行政权力事项示范目录".into(),
            version: "2026".into(),
            source: "依据法规库条文编制的示范目录，结构参照川办发〔2020〕85号、川府发〔2021〕42号"
                .into(),
            format: CatalogFormat::Csv,
            text: reference::demo_catalog_csv().to_string(),
        },
    )
    .await?;

    // Officers: certificates (one expiring soon), training this year (one short of hours).
    let justice_actor = actor(&app, "justice").await?;
    let certs = [
        ("officer", "川0001001", 2100),
        ("officer2", "川0001002", 80),
        ("officer3", "川0001003", 1500),
        ("qs_officer", "川0002001", 1900),
    ];
    for (who, number, days_left) in certs {
        let application = CertificateApplication {
            number: number.into(),
            issued_on: start - Days::new(400),
            expires_on: today + Days::new(days_left),
            domains: vec![
                "城市管理".into(),
                "生态环境".into(),
                "住房城乡建设".into(),
                "林业草原".into(),
            ],
            in_establishment: true,
            general_exam_passed: true,
            domain_exam_passed: true,
        };
        app.issue_certificate(Some(&justice_actor), ids[who], application)
            .await?;
    }
    let dept_actor = actor(&app, "dept").await?;
    for (who, general, domain) in [
        ("officer", 32, 30),
        ("officer2", 30, 12),
        ("officer3", 16, 30),
        ("qs_officer", 30, 30),
    ] {
        app.record_training(
            Some(&justice_actor),
            ids[who],
            TrainingKind::General,
            general,
            "公共法律知识培训（行政处罚法）",
            start,
        )
        .await?;
        app.record_training(
            Some(&dept_actor),
            ids[who],
            TrainingKind::Domain,
            domain,
            "生态环境执法专题培训",
            start,
        )
        .await?;
    }

    // 城关镇: a published list, granted from 50 days ago, with a 30-day transition.
    let items = app.catalog_items(&admin).await?;
    let delegable: Vec<Id> = items
        .iter()
        .filter(|i| i.item.source == zhifa_domain::catalog::CatalogSource::Delegable)
        .map(|i| i.id)
        .collect();
    let head = actor(&app, "head").await?;
    let city_actor = actor(&app, "city").await?;
    let effective = start + Days::new(10);
    let cg_list = app.create_list(&admin, towns[0].id, "第一批").await?;
    for id in delegable.iter().take(12) {
        app.add_list_item(
            &admin,
            cg_list,
            *id,
            effective,
            Some(effective + Days::new(30)),
        )
        .await?;
    }
    app.consent_list(
        &head,
        cg_list,
        true,
        "城关镇政府关于同意承接第一批县级行政权力事项的函（城府函〔2026〕12号）",
    )
    .await?;
    let (staff, certified) = app.suggested_assessment(&admin, cg_list).await?;
    let assessment = AssessmentInput {
        staff,
        certified_officers: certified,
        equipment: "执法车辆1台，执法记录仪6台，移动执法终端4台".into(),
        expected_cases_per_year: 60,
        conclusion: "综合行政执法办公室人员、装备满足承接要求，同意承接".into(),
    };
    app.attach_assessment(&admin, cg_list, assessment.clone())
        .await?;
    app.submit_list(&admin, cg_list).await?;
    app.review_list(&city_actor, cg_list, true, "符合赋权指导目录，同意")
        .await?;
    app.publish_list(&admin, cg_list).await?;
    app.file_list(&admin, cg_list).await?;

    // Fifty days on: one item goes back to its department 20 days from today.
    clock.set(noon(today - Days::new(10)));
    let grants = app.township_grants(&admin, towns[0].id).await?;
    if let Some((g, _)) = grants.last() {
        app.withdraw_grant(
            &admin,
            g.id,
            today + Days::new(20),
            "县级部门统一开展专项整治，事项收回县级部门行使",
        )
        .await?;
    }

    // S2.5: an officer reports a problem with one of the granted items.
    let officer = actor(&app, "officer").await?;
    if let Some(id) = delegable.get(1) {
        let text = "夜间施工噪声需专业检测设备，镇里尚未配备声级计，过渡期后需县局继续协助检测";
        app.report_problem(&officer, towns[0].id, *id, text).await?;
    }

    // 河口街道, same class as 城关镇: a smaller draft waiting for the township's consent,
    // which shows up as a deviation within the class once published.
    let hk_list = app.create_list(&admin, towns[1].id, "第一批").await?;
    for id in delegable.iter().take(8) {
        app.add_list_item(
            &admin,
            hk_list,
            *id,
            today + Days::new(15),
            Some(today + Days::new(45)),
        )
        .await?;
    }

    // 青山镇: consented and assessed, waiting for the city's review.
    let qs_head = actor(&app, "qs_head").await?;
    let qs_list = app.create_list(&admin, towns[2].id, "第一批").await?;
    for id in delegable.iter().skip(20).take(6) {
        app.add_list_item(&admin, qs_list, *id, today + Days::new(30), None)
            .await?;
    }
    app.consent_list(
        &qs_head,
        qs_list,
        true,
        "青山镇政府关于同意承接县级行政权力事项的函（青府函〔2026〕5号）",
    )
    .await?;
    let (staff, certified) = app.suggested_assessment(&admin, qs_list).await?;
    let qs_assessment = AssessmentInput {
        staff,
        certified_officers: certified,
        equipment: "执法记录仪2台，移动执法终端1台".into(),
        expected_cases_per_year: 20,
        conclusion: "持证人员偏少，建议过渡期内县级部门派员指导".into(),
    };
    app.attach_assessment(&admin, qs_list, qs_assessment)
        .await?;
    app.submit_list(&admin, qs_list).await?;
    crate::demo_cases::seed(&app, &clock, today).await?;
    let officer = actor(&app, "officer").await?;
    crate::demo_cases::complaints::seed(&app, &clock, today, &towns[0].code, &officer).await?;

    let logins = accounts
        .iter()
        .map(|(username, _, role, org_id)| {
            let org = [&province, &city, &county, &justice]
                .into_iter()
                .chain(towns.iter())
                .chain(depts.iter())
                .find(|o| o.id == *org_id)
                .map_or_else(String::new, |o| o.name.clone());
            DemoLogin {
                username,
                role: *role,
                org,
            }
        })
        .collect();
    Ok(DemoSummary {
        logins,
        county_id: county.id,
        townships: towns.iter().map(|t| (t.name.clone(), t.id)).collect(),
    })
}
