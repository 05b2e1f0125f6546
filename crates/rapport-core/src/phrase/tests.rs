//! Capture read back against hand-made phrases: contact, kind, when, and the text kept, in
//! three zones, across daylight-saving changes, and what is written and undone.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};

use super::*;
use crate::ContactDraft;

const ZONES: [Tz; 3] = [
    chrono_tz::Asia::Shanghai,
    chrono_tz::America::New_York,
    chrono_tz::Europe::London,
];

fn book() -> ContactBook {
    let mut book = ContactBook::open_in_memory().unwrap();
    let at = "2026-01-01T00:00:00Z".parse().unwrap();
    for (name, title) in [
        ("张伟明", Some("总经理")),
        ("张强", Some("工程师")),
        ("李娜", None),
        ("王芳", None),
        ("王磊", Some("销售经理")),
        ("赵敏", Some("市场总监")),
        ("孙丽", None),
        ("刘洋", Some("律师")),
        ("陈杰", None),
        ("吴刚", None),
        ("周婷", None),
        ("Ada Lovelace", None),
        ("Bob Smith", None),
        ("Bob Jones", None),
        ("Grace Hopper", None),
        ("Alan Turing", None),
        ("José Álvarez", None),
        ("Linus Torvalds", None),
    ] {
        let mut d = ContactDraft::named(name);
        d.title = title.map(str::to_string);
        book.add_contact(d, at).unwrap();
    }
    book
}

/// A phrase and what it must read as: contact, kind (`-`: none said), `L <local time>` for
/// a log or `F <date> [time]` for a follow-up, and the text kept. Seen from Wednesday
/// 2026-12-02 10:00 local time.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const ENGLISH: &[Row] = &[
    (
        "called Ada about the renewal",
        "Ada Lovelace",
        "call",
        "L 2026-12-02 10:00",
        "called about the renewal",
    ),
    (
        "met zwm yesterday",
        "张伟明",
        "meeting",
        "L 2026-12-01 12:00",
        "met",
    ),
    (
        "next Tue lunch with 王芳",
        "王芳",
        "meeting",
        "F 2026-12-08",
        "lunch",
    ),
    (
        "call Ada tomorrow",
        "Ada Lovelace",
        "call",
        "F 2026-12-03",
        "call",
    ),
    (
        "call Ada tomorrow 3pm",
        "Ada Lovelace",
        "call",
        "F 2026-12-03 15:00",
        "call",
    ),
    (
        "call Ada tomorrow at 3:30pm about the contract",
        "Ada Lovelace",
        "call",
        "F 2026-12-03 15:30",
        "call about the contract",
    ),
    (
        "email Grace the proposal on Friday",
        "Grace Hopper",
        "email",
        "F 2026-12-04",
        "email the proposal",
    ),
    (
        "emailed Grace the proposal",
        "Grace Hopper",
        "email",
        "L 2026-12-02 10:00",
        "emailed the proposal",
    ),
    (
        "texted Alan about dinner",
        "Alan Turing",
        "message",
        "L 2026-12-02 10:00",
        "texted about dinner",
    ),
    (
        "lunch with Alan next Tuesday",
        "Alan Turing",
        "meeting",
        "F 2026-12-08",
        "lunch",
    ),
    (
        "meeting with Linus in 3 days",
        "Linus Torvalds",
        "meeting",
        "F 2026-12-05",
        "meeting",
    ),
    (
        "follow up with Linus in 2 weeks",
        "Linus Torvalds",
        "-",
        "F 2026-12-16",
        "follow up",
    ),
    (
        "call Bob Smith tonight",
        "Bob Smith",
        "call",
        "F 2026-12-02 19:00",
        "call",
    ),
    (
        "spoke with Bob Jones yesterday afternoon",
        "Bob Jones",
        "call",
        "L 2026-12-01 14:00",
        "spoke",
    ),
    (
        "met Ada last Friday",
        "Ada Lovelace",
        "meeting",
        "L 2026-11-27 12:00",
        "met",
    ),
    (
        "called Ada 3 days ago",
        "Ada Lovelace",
        "call",
        "L 2026-11-29 12:00",
        "called",
    ),
    (
        "visit José next week",
        "José Álvarez",
        "meeting",
        "F 2026-12-07",
        "visit",
    ),
    (
        "send Alan the quote by end of month",
        "Alan Turing",
        "-",
        "F 2026-12-31",
        "send the quote",
    ),
    (
        "remind me to call Grace on Monday",
        "Grace Hopper",
        "call",
        "F 2026-12-07",
        "remind me to call",
    ),
    (
        "called Mr. Turing this morning",
        "Alan Turing",
        "call",
        "L 2026-12-02 09:00",
        "called",
    ),
    (
        "note: Ada prefers mornings",
        "Ada Lovelace",
        "note",
        "L 2026-12-02 10:00",
        "note: prefers mornings",
    ),
    (
        "message Linus on wechat tomorrow morning",
        "Linus Torvalds",
        "message",
        "F 2026-12-03 09:00",
        "message on wechat",
    ),
    (
        "coffee with Grace on Dec 10",
        "Grace Hopper",
        "meeting",
        "F 2026-12-10",
        "coffee",
    ),
    (
        "dinner with Alan on 2026-12-20 at 7pm",
        "Alan Turing",
        "meeting",
        "F 2026-12-20 19:00",
        "dinner",
    ),
    (
        "call zwm in a week",
        "张伟明",
        "call",
        "F 2026-12-09",
        "call",
    ),
    (
        "called zhangweiming about 续保",
        "张伟明",
        "call",
        "L 2026-12-02 10:00",
        "called about 续保",
    ),
    (
        "met Bob Smith at 9am",
        "Bob Smith",
        "meeting",
        "L 2026-12-02 09:00",
        "met",
    ),
    (
        "meet Bob Smith at 4pm",
        "Bob Smith",
        "meeting",
        "F 2026-12-02 16:00",
        "meet",
    ),
    (
        "call Linus the day after tomorrow",
        "Linus Torvalds",
        "call",
        "F 2026-12-04",
        "call",
    ),
    (
        "called Linus the day before yesterday",
        "Linus Torvalds",
        "call",
        "L 2026-11-30 12:00",
        "called",
    ),
    (
        "Ada: call back next month",
        "Ada Lovelace",
        "call",
        "F 2027-01-02",
        "call back",
    ),
    (
        "email Ada at the end of the month",
        "Ada Lovelace",
        "email",
        "F 2026-12-31",
        "email",
    ),
    (
        "call Grace this weekend",
        "Grace Hopper",
        "call",
        "F 2026-12-05",
        "call",
    ),
    (
        "lunch with José on Thursday",
        "José Álvarez",
        "meeting",
        "F 2026-12-03",
        "lunch",
    ),
    (
        "saw Alan on Monday",
        "Alan Turing",
        "meeting",
        "L 2026-11-30 12:00",
        "saw",
    ),
    (
        "Wechat Linus tomorrow at noon",
        "Linus Torvalds",
        "message",
        "F 2026-12-03 12:00",
        "Wechat",
    ),
    (
        "ping Grace in 10 days",
        "Grace Hopper",
        "-",
        "F 2026-12-12",
        "ping",
    ),
    (
        "call Ada in 2 days at 11am",
        "Ada Lovelace",
        "call",
        "F 2026-12-04 11:00",
        "call",
    ),
    (
        "visited José last week",
        "José Álvarez",
        "meeting",
        "L 2026-11-25 12:00",
        "visited",
    ),
    (
        "had coffee with Grace yesterday morning",
        "Grace Hopper",
        "meeting",
        "L 2026-12-01 09:00",
        "had coffee",
    ),
    (
        "emailed Alan the contract 2 days ago",
        "Alan Turing",
        "email",
        "L 2026-11-30 12:00",
        "emailed the contract",
    ),
    (
        "follow up Ada on Dec 15th",
        "Ada Lovelace",
        "-",
        "F 2026-12-15",
        "follow up",
    ),
    (
        "call Bob Jones on 15 December",
        "Bob Jones",
        "call",
        "F 2026-12-15",
        "call",
    ),
    (
        "check in with Linus next Friday",
        "Linus Torvalds",
        "-",
        "F 2026-12-11",
        "check in",
    ),
    (
        "called Grace at 8am",
        "Grace Hopper",
        "call",
        "L 2026-12-02 08:00",
        "called",
    ),
    (
        "call Grace at 8pm",
        "Grace Hopper",
        "call",
        "F 2026-12-02 20:00",
        "call",
    ),
    (
        "call Grace at 20:00",
        "Grace Hopper",
        "call",
        "F 2026-12-02 20:00",
        "call",
    ),
    (
        "called Grace at 09:15",
        "Grace Hopper",
        "call",
        "L 2026-12-02 09:15",
        "called",
    ),
    (
        "demo for Alan next Wed",
        "Alan Turing",
        "meeting",
        "F 2026-12-09",
        "demo",
    ),
    (
        "send Ada the invoice tomorrow",
        "Ada Lovelace",
        "-",
        "F 2026-12-03",
        "send the invoice",
    ),
    (
        "call Alan in one month",
        "Alan Turing",
        "call",
        "F 2027-01-02",
        "call",
    ),
    (
        "called Alan a week ago",
        "Alan Turing",
        "call",
        "L 2026-11-25 12:00",
        "called",
    ),
    (
        "emailed Linus last night",
        "Linus Torvalds",
        "email",
        "L 2026-12-01 19:00",
        "emailed",
    ),
    (
        "phone Bob Smith on Saturday",
        "Bob Smith",
        "call",
        "F 2026-12-05",
        "phone",
    ),
    (
        "met Bob Jones last Sunday",
        "Bob Jones",
        "meeting",
        "L 2026-11-29 12:00",
        "met",
    ),
    (
        "call Ada next Monday at 10am",
        "Ada Lovelace",
        "call",
        "F 2026-12-07 10:00",
        "call",
    ),
    (
        "quote for José by Friday",
        "José Álvarez",
        "-",
        "F 2026-12-04",
        "quote",
    ),
    (
        "lunch with Linus tomorrow at 12:30",
        "Linus Torvalds",
        "meeting",
        "F 2026-12-03 12:30",
        "lunch",
    ),
    (
        "messaged Grace this morning",
        "Grace Hopper",
        "message",
        "L 2026-12-02 09:00",
        "messaged",
    ),
    (
        "Ada renewal call tomorrow",
        "Ada Lovelace",
        "call",
        "F 2026-12-03",
        "renewal call",
    ),
    (
        "renewal meeting with Bob Smith on Dec 9",
        "Bob Smith",
        "meeting",
        "F 2026-12-09",
        "renewal meeting",
    ),
    (
        "called José about the claim",
        "José Álvarez",
        "call",
        "L 2026-12-02 10:00",
        "called about the claim",
    ),
    (
        "call Alan Turing tomorrow",
        "Alan Turing",
        "call",
        "F 2026-12-03",
        "call",
    ),
    (
        "called linus yesterday at 4pm",
        "Linus Torvalds",
        "call",
        "L 2026-12-01 16:00",
        "called",
    ),
    (
        "email Grace in 3 weeks",
        "Grace Hopper",
        "email",
        "F 2026-12-23",
        "email",
    ),
    (
        "note Alan wants a discount",
        "Alan Turing",
        "note",
        "L 2026-12-02 10:00",
        "note wants a discount",
    ),
    (
        "call Ada on 2026-12-05",
        "Ada Lovelace",
        "call",
        "F 2026-12-05",
        "call",
    ),
    (
        "met Ada on 2026-11-20",
        "Ada Lovelace",
        "meeting",
        "L 2026-11-20 12:00",
        "met",
    ),
    (
        "texted Bob Smith at 7am",
        "Bob Smith",
        "message",
        "L 2026-12-02 07:00",
        "texted",
    ),
    (
        "sms Linus tomorrow evening",
        "Linus Torvalds",
        "message",
        "F 2026-12-03 19:00",
        "sms",
    ),
    (
        "call Grace next week about the audit",
        "Grace Hopper",
        "call",
        "F 2026-12-07",
        "call about the audit",
    ),
    (
        "met Alan for coffee yesterday",
        "Alan Turing",
        "meeting",
        "L 2026-12-01 12:00",
        "met for coffee",
    ),
    (
        "called Ada twice today",
        "Ada Lovelace",
        "call",
        "L 2026-12-02 10:00",
        "called twice",
    ),
    (
        "call Ada today",
        "Ada Lovelace",
        "call",
        "F 2026-12-02",
        "call",
    ),
    (
        "meet Grace today at 5pm",
        "Grace Hopper",
        "meeting",
        "F 2026-12-02 17:00",
        "meet",
    ),
    (
        "met Grace today at 9am",
        "Grace Hopper",
        "meeting",
        "L 2026-12-02 09:00",
        "met",
    ),
    (
        "follow up with José in a couple of days",
        "José Álvarez",
        "-",
        "F 2026-12-04",
        "follow up",
    ),
    (
        "call Linus after 5 days",
        "Linus Torvalds",
        "call",
        "F 2026-12-07",
        "call",
    ),
    (
        "emailed Ada on Monday",
        "Ada Lovelace",
        "email",
        "L 2026-11-30 12:00",
        "emailed",
    ),
    (
        "called Grace last Wednesday",
        "Grace Hopper",
        "call",
        "L 2026-11-25 12:00",
        "called",
    ),
    (
        "call Bob Jones this Friday",
        "Bob Jones",
        "call",
        "F 2026-12-04",
        "call",
    ),
    (
        "visit Alan on Tue",
        "Alan Turing",
        "meeting",
        "F 2026-12-08",
        "visit",
    ),
    (
        "met Linus at noon yesterday",
        "Linus Torvalds",
        "meeting",
        "L 2026-12-01 12:00",
        "met",
    ),
    (
        "call José in 1 day",
        "José Álvarez",
        "call",
        "F 2026-12-03",
        "call",
    ),
    (
        "called José 1 week ago",
        "José Álvarez",
        "call",
        "L 2026-11-25 12:00",
        "called",
    ),
    (
        "Grace call tomorrow 10am",
        "Grace Hopper",
        "call",
        "F 2026-12-03 10:00",
        "call",
    ),
    (
        "tomorrow: call Ada",
        "Ada Lovelace",
        "call",
        "F 2026-12-03",
        "call",
    ),
    (
        "Tomorrow 9am meeting with Alan",
        "Alan Turing",
        "meeting",
        "F 2026-12-03 09:00",
        "meeting",
    ),
    (
        "Yesterday called Bob Smith",
        "Bob Smith",
        "call",
        "L 2026-12-01 12:00",
        "called",
    ),
    (
        "in 3 days email Linus the report",
        "Linus Torvalds",
        "email",
        "F 2026-12-05",
        "email the report",
    ),
    (
        "next Tuesday call Grace",
        "Grace Hopper",
        "call",
        "F 2026-12-08",
        "call",
    ),
    (
        "end of month: quote for Ada",
        "Ada Lovelace",
        "-",
        "F 2026-12-31",
        "quote",
    ),
    (
        "Called Ada, left a voicemail",
        "Ada Lovelace",
        "call",
        "L 2026-12-02 10:00",
        "Called, left a voicemail",
    ),
    (
        "email José tomorrow afternoon",
        "José Álvarez",
        "email",
        "F 2026-12-03 14:00",
        "email",
    ),
    (
        "call José at 3",
        "José Álvarez",
        "call",
        "F 2026-12-02 15:00",
        "call",
    ),
    (
        "called José at 9",
        "José Álvarez",
        "call",
        "L 2026-12-02 09:00",
        "called",
    ),
    (
        "meet Bob Smith Dec 3 at 2pm",
        "Bob Smith",
        "meeting",
        "F 2026-12-03 14:00",
        "meet",
    ),
    (
        "met Bob Smith Nov 30",
        "Bob Smith",
        "meeting",
        "L 2026-11-30 12:00",
        "met",
    ),
    (
        "call Ada on Jan 5",
        "Ada Lovelace",
        "call",
        "F 2027-01-05",
        "call",
    ),
    (
        "dinner with Linus on Sat",
        "Linus Torvalds",
        "meeting",
        "F 2026-12-05",
        "dinner",
    ),
    (
        "whatsapp Grace next Thursday",
        "Grace Hopper",
        "message",
        "F 2026-12-10",
        "whatsapp",
    ),
    (
        "called Alan about the renewal 2 weeks ago",
        "Alan Turing",
        "call",
        "L 2026-11-18 12:00",
        "called about the renewal",
    ),
    (
        "e-mail Linus tomorrow",
        "Linus Torvalds",
        "email",
        "F 2026-12-03",
        "e-mail",
    ),
    (
        "ring Ada next week",
        "Ada Lovelace",
        "call",
        "F 2026-12-07",
        "ring",
    ),
    (
        "call zwm tomorrow at 3pm",
        "张伟明",
        "call",
        "F 2026-12-03 15:00",
        "call",
    ),
    (
        "called Ada Lovelace yesterday at 10:30",
        "Ada Lovelace",
        "call",
        "L 2026-12-01 10:30",
        "called",
    ),
    (
        "visit Grace in 2 months",
        "Grace Hopper",
        "meeting",
        "F 2027-02-02",
        "visit",
    ),
    (
        "met Alan last month",
        "Alan Turing",
        "meeting",
        "L 2026-11-02 12:00",
        "met",
    ),
];

const CHINESE: &[Row] = &[
    (
        "明天下午3点回访张总 续保",
        "张伟明",
        "call",
        "F 2026-12-03 15:00",
        "回访 续保",
    ),
    ("3天后 给李娜发报价", "李娜", "-", "F 2026-12-05", "发报价"),
    ("下周三拜访王芳", "王芳", "meeting", "F 2026-12-09", "拜访"),
    (
        "昨天和李娜吃饭",
        "李娜",
        "meeting",
        "L 2026-12-01 12:00",
        "吃饭",
    ),
    (
        "昨晚跟王芳打了电话",
        "王芳",
        "call",
        "L 2026-12-01 19:00",
        "打了电话",
    ),
    (
        "刚给李娜打电话 确认了续保",
        "李娜",
        "call",
        "L 2026-12-02 10:00",
        "刚打电话 确认了续保",
    ),
    ("月底前给王芳发合同", "王芳", "-", "F 2026-12-31", "发合同"),
    (
        "周五前 回复孙丽 报价",
        "孙丽",
        "-",
        "F 2026-12-04",
        "回复 报价",
    ),
    (
        "后天上午10点和陈杰见面",
        "陈杰",
        "meeting",
        "F 2026-12-04 10:00",
        "见面",
    ),
    (
        "今天下午给赵总打电话",
        "赵敏",
        "call",
        "F 2026-12-02 14:00",
        "打电话",
    ),
    (
        "明天给王经理发邮件",
        "王磊",
        "email",
        "F 2026-12-03",
        "发邮件",
    ),
    (
        "下周一 拜访张总",
        "张伟明",
        "meeting",
        "F 2026-12-07",
        "拜访",
    ),
    (
        "今晚8点微信联系周婷",
        "周婷",
        "message",
        "F 2026-12-02 20:00",
        "微信联系",
    ),
    (
        "前天见了吴刚",
        "吴刚",
        "meeting",
        "L 2026-11-30 12:00",
        "见了",
    ),
    ("老吴明天来电", "吴刚", "call", "F 2026-12-03", "来电"),
    (
        "小李 下周五 面谈",
        "李娜",
        "meeting",
        "F 2026-12-11",
        "面谈",
    ),
    ("刘律师 后天 电话", "刘洋", "call", "F 2026-12-04", "电话"),
    (
        "张工 明天上午9点 上门",
        "张强",
        "meeting",
        "F 2026-12-03 09:00",
        "上门",
    ),
    (
        "上周五和陈杰开会",
        "陈杰",
        "meeting",
        "L 2026-11-27 12:00",
        "开会",
    ),
    ("两周后回访孙丽", "孙丽", "call", "F 2026-12-16", "回访"),
    (
        "一个月后 给刘洋发短信",
        "刘洋",
        "message",
        "F 2027-01-02",
        "发短信",
    ),
    (
        "12月24日 给周婷发微信",
        "周婷",
        "message",
        "F 2026-12-24",
        "发微信",
    ),
    (
        "11月20号见了王芳",
        "王芳",
        "meeting",
        "L 2026-11-20 12:00",
        "见了",
    ),
    (
        "下个月5号 拜访赵敏",
        "赵敏",
        "meeting",
        "F 2027-01-05",
        "拜访",
    ),
    (
        "月初给陈杰发邮件",
        "陈杰",
        "email",
        "F 2027-01-01",
        "发邮件",
    ),
    ("周末约李娜喝茶", "李娜", "meeting", "F 2026-12-05", "喝茶"),
    (
        "已经给王芳发了邮件",
        "王芳",
        "email",
        "L 2026-12-02 10:00",
        "已经发了邮件",
    ),
    (
        "今天上午9点给孙丽打了电话",
        "孙丽",
        "call",
        "L 2026-12-02 09:00",
        "打了电话",
    ),
    (
        "大后天和吴刚吃午饭",
        "吴刚",
        "meeting",
        "F 2026-12-05",
        "吃午饭",
    ),
    (
        "下下周二 见面 周婷",
        "周婷",
        "meeting",
        "F 2026-12-15",
        "见面",
    ),
    (
        "明早给张总打电话",
        "张伟明",
        "call",
        "F 2026-12-03 09:00",
        "打电话",
    ),
    (
        "明晚和王芳吃饭",
        "王芳",
        "meeting",
        "F 2026-12-03 19:00",
        "吃饭",
    ),
    (
        "3天前拜访了刘洋",
        "刘洋",
        "meeting",
        "L 2026-11-29 12:00",
        "拜访了",
    ),
    ("5天后 回访陈杰", "陈杰", "call", "F 2026-12-07", "回访"),
    ("下周 给赵敏发方案", "赵敏", "-", "F 2026-12-07", "发方案"),
    (
        "星期四下午2点半 见面 李娜",
        "李娜",
        "meeting",
        "F 2026-12-03 14:30",
        "见面",
    ),
    (
        "礼拜六 和吴刚喝咖啡",
        "吴刚",
        "meeting",
        "F 2026-12-05",
        "喝咖啡",
    ),
    ("zwm 明天 电话", "张伟明", "call", "F 2026-12-03", "电话"),
    (
        "给zhangqiang发邮件 后天",
        "张强",
        "email",
        "F 2026-12-04",
        "发邮件",
    ),
    (
        "昨天下午4点和孙丽通话",
        "孙丽",
        "call",
        "L 2026-12-01 16:00",
        "通话",
    ),
    (
        "今天给周婷发了短信",
        "周婷",
        "message",
        "L 2026-12-02 10:00",
        "发了短信",
    ),
    ("本周五给刘洋回电", "刘洋", "call", "F 2026-12-04", "回电"),
    (
        "这周一拜访了王芳",
        "王芳",
        "meeting",
        "L 2026-11-30 12:00",
        "拜访了",
    ),
    (
        "上周三 电话 李娜",
        "李娜",
        "call",
        "L 2026-11-25 12:00",
        "电话",
    ),
    ("10天后回访张总", "张伟明", "call", "F 2026-12-12", "回访"),
    ("下个月 回访王经理", "王磊", "call", "F 2027-01-02", "回访"),
    (
        "周五 给赵总 发邮件",
        "赵敏",
        "email",
        "F 2026-12-04",
        "发邮件",
    ),
    (
        "明天中午和陈杰吃饭",
        "陈杰",
        "meeting",
        "F 2026-12-03 12:00",
        "吃饭",
    ),
    (
        "明天中午12点半和陈杰吃饭",
        "陈杰",
        "meeting",
        "F 2026-12-03 12:30",
        "吃饭",
    ),
    (
        "明天15:00 给李娜打电话",
        "李娜",
        "call",
        "F 2026-12-03 15:00",
        "打电话",
    ),
    (
        "明天晚上7点 微信王芳",
        "王芳",
        "message",
        "F 2026-12-03 19:00",
        "微信",
    ),
    (
        "后天早上8点 拜访刘洋",
        "刘洋",
        "meeting",
        "F 2026-12-04 08:00",
        "拜访",
    ),
    (
        "今天早上和吴刚见面了",
        "吴刚",
        "meeting",
        "L 2026-12-02 09:00",
        "见面了",
    ),
    (
        "今天下午3点和吴刚见面",
        "吴刚",
        "meeting",
        "F 2026-12-02 15:00",
        "见面",
    ),
    (
        "下周四前 给孙丽发合同",
        "孙丽",
        "-",
        "F 2026-12-10",
        "发合同",
    ),
    ("20天后 回访周婷", "周婷", "call", "F 2026-12-22", "回访"),
    (
        "备注 李娜 对价格敏感",
        "李娜",
        "note",
        "L 2026-12-02 10:00",
        "备注 对价格敏感",
    ),
    (
        "记录：王芳 已续保",
        "王芳",
        "note",
        "L 2026-12-02 10:00",
        "记录: 已续保",
    ),
    ("给陈杰发报价", "陈杰", "-", "F 2026-12-02", "发报价"),
    ("打电话给李娜", "李娜", "call", "F 2026-12-02", "打电话"),
    (
        "打了电话给李娜",
        "李娜",
        "call",
        "L 2026-12-02 10:00",
        "打了电话",
    ),
    ("和王芳见面", "王芳", "meeting", "F 2026-12-02", "见面"),
    (
        "下周二上午10点 回访张伟明",
        "张伟明",
        "call",
        "F 2026-12-08 10:00",
        "回访",
    ),
    (
        "张伟明 昨天 来电 咨询理赔",
        "张伟明",
        "call",
        "L 2026-12-01 12:00",
        "来电 咨询理赔",
    ),
    ("3天后给李娜发报价", "李娜", "-", "F 2026-12-05", "发报价"),
    ("一周后回访孙丽", "孙丽", "call", "F 2026-12-09", "回访"),
    (
        "两天后给周婷打电话",
        "周婷",
        "call",
        "F 2026-12-04",
        "打电话",
    ),
    (
        "三天前和陈杰吃饭",
        "陈杰",
        "meeting",
        "L 2026-11-29 12:00",
        "吃饭",
    ),
    ("十天后 拜访赵敏", "赵敏", "meeting", "F 2026-12-12", "拜访"),
    (
        "过两天 给王芳打电话",
        "王芳",
        "call",
        "F 2026-12-04",
        "打电话",
    ),
    (
        "下周六和吴刚喝茶",
        "吴刚",
        "meeting",
        "F 2026-12-12",
        "喝茶",
    ),
    (
        "周日 给李娜发微信",
        "李娜",
        "message",
        "F 2026-12-06",
        "发微信",
    ),
    ("星期天拜访刘洋", "刘洋", "meeting", "F 2026-12-06", "拜访"),
    ("月底 回访张总", "张伟明", "call", "F 2026-12-31", "回访"),
    (
        "下个月底前 给陈杰发合同",
        "陈杰",
        "-",
        "F 2027-01-31",
        "发合同",
    ),
    (
        "12月5号上午 拜访周婷",
        "周婷",
        "meeting",
        "F 2026-12-05 09:00",
        "拜访",
    ),
    (
        "2026年12月18日 和李娜签约",
        "李娜",
        "-",
        "F 2026-12-18",
        "签约",
    ),
    (
        "2026年11月28日 拜访了王芳",
        "王芳",
        "meeting",
        "L 2026-11-28 12:00",
        "拜访了",
    ),
    (
        "昨天上午10点半 给孙丽打电话",
        "孙丽",
        "call",
        "L 2026-12-01 10:30",
        "打电话",
    ),
    (
        "前天晚上 和赵总吃饭",
        "赵敏",
        "meeting",
        "L 2026-11-30 19:00",
        "吃饭",
    ),
    (
        "明天 王经理 拜访",
        "王磊",
        "meeting",
        "F 2026-12-03",
        "拜访",
    ),
    (
        "后天 张总 会议",
        "张伟明",
        "meeting",
        "F 2026-12-04",
        "会议",
    ),
    (
        "今天晚上 回访周婷",
        "周婷",
        "call",
        "F 2026-12-02 19:00",
        "回访",
    ),
    (
        "今天凌晨2点 收到李娜微信",
        "李娜",
        "message",
        "L 2026-12-02 02:00",
        "收到微信",
    ),
    (
        "下周三下午4点 和王芳面谈",
        "王芳",
        "meeting",
        "F 2026-12-09 16:00",
        "面谈",
    ),
    (
        "周四前 给刘律师发资料",
        "刘洋",
        "-",
        "F 2026-12-03",
        "发资料",
    ),
    ("两个月后 回访陈杰", "陈杰", "call", "F 2027-02-02", "回访"),
    ("3个月后回访吴刚", "吴刚", "call", "F 2027-03-02", "回访"),
    (
        "上个月 见了张总",
        "张伟明",
        "meeting",
        "L 2026-11-02 12:00",
        "见了",
    ),
    (
        "上周 拜访了孙丽",
        "孙丽",
        "meeting",
        "L 2026-11-25 12:00",
        "拜访了",
    ),
    (
        "今天 给李娜发邮件",
        "李娜",
        "email",
        "F 2026-12-02",
        "发邮件",
    ),
    (
        "明天下午 给周婷打电话",
        "周婷",
        "call",
        "F 2026-12-03 14:00",
        "打电话",
    ),
    (
        "明天上午十点 拜访赵敏",
        "赵敏",
        "meeting",
        "F 2026-12-03 10:00",
        "拜访",
    ),
    (
        "后天下午三点半 和陈杰见面",
        "陈杰",
        "meeting",
        "F 2026-12-04 15:30",
        "见面",
    ),
    (
        "明天晚上八点 微信吴刚",
        "吴刚",
        "message",
        "F 2026-12-03 20:00",
        "微信",
    ),
    (
        "下午3点 回访李娜",
        "李娜",
        "call",
        "F 2026-12-02 15:00",
        "回访",
    ),
    (
        "上午9点 和王芳通话了",
        "王芳",
        "call",
        "L 2026-12-02 09:00",
        "通话了",
    ),
    (
        "明天9:30 拜访张总",
        "张伟明",
        "meeting",
        "F 2026-12-03 09:30",
        "拜访",
    ),
    ("5号 给刘洋打电话", "刘洋", "call", "F 2026-12-05", "打电话"),
    (
        "1号 给孙丽打了电话",
        "孙丽",
        "call",
        "L 2026-12-01 12:00",
        "打了电话",
    ),
    ("下周五前 回访周婷", "周婷", "call", "F 2026-12-11", "回访"),
    ("这周六 拜访吴刚", "吴刚", "meeting", "F 2026-12-05", "拜访"),
    ("周三 见面 李娜", "李娜", "meeting", "F 2026-12-02", "见面"),
    ("明天 短信 孙丽", "孙丽", "message", "F 2026-12-03", "短信"),
    (
        "明天给张伟明发微信 说续保的事",
        "张伟明",
        "message",
        "F 2026-12-03",
        "发微信 说续保的事",
    ),
    (
        "昨天和ZWM吃饭",
        "张伟明",
        "meeting",
        "L 2026-12-01 12:00",
        "吃饭",
    ),
    (
        "后天 邮件 陈杰 报价单",
        "陈杰",
        "email",
        "F 2026-12-04",
        "邮件 报价单",
    ),
    (
        "明天下午2点 和王磊 开会",
        "王磊",
        "meeting",
        "F 2026-12-03 14:00",
        "开会",
    ),
];

fn expected_action(spec: &str, kind: &str, tz: Tz) -> CaptureAction {
    let (what, rest) = spec.split_at(2);
    match what.trim() {
        "L" => {
            let local = NaiveDateTime::parse_from_str(rest, "%Y-%m-%d %H:%M").unwrap();
            CaptureAction::Log {
                kind: if kind == "-" {
                    InteractionKind::Note
                } else {
                    kind.parse().unwrap()
                },
                occurred_at: local_instant(tz, local.date(), local.time()).unwrap(),
                local,
            }
        }
        _ => {
            let mut parts = rest.split(' ');
            let due_date = NaiveDate::parse_from_str(parts.next().unwrap(), "%Y-%m-%d").unwrap();
            let due_time = parts
                .next()
                .map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap());
            CaptureAction::FollowUp { due_date, due_time }
        }
    }
}

/// 10:00 local on `date` in `tz`.
fn ten_am(tz: Tz, y: i32, m: u32, d: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, m, d, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn check_rows(rows: &[Row], book: &mut ContactBook) -> Vec<String> {
    let mut failures = Vec::new();
    for tz in ZONES {
        let now = ten_am(tz, 2026, 12, 2);
        for &(phrase, who, kind, when, text) in rows {
            let req = CaptureRequest {
                text: phrase.into(),
                contact_id: None,
            };
            let p = match book.preview_capture(&req, now, tz) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{tz}: '{phrase}': {e}"));
                    continue;
                }
            };
            let got_who = p
                .contact
                .as_ref()
                .map(|c| c.display_name.as_str())
                .unwrap_or("?");
            let got_kind = p.kind.map(|k| k.as_str()).unwrap_or("-");
            let want = expected_action(when, kind, tz);
            if got_who != who || got_kind != kind || p.action != want || p.text != text {
                failures.push(format!(
                    "{tz}: '{phrase}': got {got_who} / {got_kind} / {:?} / '{}' (candidates {:?})",
                    p.action,
                    p.text,
                    p.candidates
                        .iter()
                        .map(|c| &c.display_name)
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    failures
}

#[test]
fn english_phrases_read_right_in_three_zones() {
    assert!(ENGLISH.len() >= 100, "{}", ENGLISH.len());
    let mut book = book();
    let failures = check_rows(ENGLISH, &mut book);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn chinese_phrases_read_right_in_three_zones() {
    assert!(CHINESE.len() >= 100, "{}", CHINESE.len());
    let mut book = book();
    let failures = check_rows(CHINESE, &mut book);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn local_times_across_daylight_saving_changes() {
    let ny = chrono_tz::America::New_York;
    let berlin = chrono_tz::Europe::Berlin;
    let mut book = book();
    let read = |book: &mut ContactBook, phrase: &str, now, tz| {
        book.preview_capture(
            &CaptureRequest {
                text: phrase.into(),
                contact_id: None,
            },
            now,
            tz,
        )
        .unwrap()
        .action
    };
    let utc = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    // New York springs forward on Sunday 2026-03-08 at 02:00 (EST −5 → EDT −4).
    let sat = ten_am(ny, 2026, 3, 7);
    let sun = ten_am(ny, 2026, 3, 8);
    assert_eq!(
        read(&mut book, "tomorrow 3pm call Ada", sat, ny),
        CaptureAction::FollowUp {
            due_date: NaiveDate::from_ymd_opt(2026, 3, 8).unwrap(),
            due_time: NaiveTime::from_hms_opt(15, 0, 0),
        }
    );
    let logged_at = |a: CaptureAction| match a {
        CaptureAction::Log { occurred_at, .. } => occurred_at,
        other => panic!("not a log: {other:?}"),
    };
    // Yesterday 9am was still EST; this morning 9am is EDT.
    assert_eq!(
        logged_at(read(&mut book, "called Ada yesterday at 9am", sun, ny)),
        utc("2026-03-07T14:00:00Z")
    );
    assert_eq!(
        logged_at(read(&mut book, "called Ada at 9am", sun, ny)),
        utc("2026-03-08T13:00:00Z")
    );
    // 02:30 does not exist that night: moved on by the gap to 03:30 EDT.
    assert_eq!(
        logged_at(read(
            &mut book,
            "昨天凌晨2点半给李娜打电话",
            ten_am(ny, 2026, 3, 9),
            ny
        )),
        utc("2026-03-08T07:30:00Z")
    );
    assert_eq!(
        logged_at(read(&mut book, "called Ada at 2:30am", sun, ny)),
        utc("2026-03-08T07:30:00Z")
    );
    // Berlin falls back on 2026-10-25 at 03:00 (CEST +2 → CET +1): 02:30 happens twice, the first is taken.
    let mon = ten_am(berlin, 2026, 10, 26);
    assert_eq!(
        logged_at(read(
            &mut book,
            "met Grace yesterday at 2:30am",
            mon,
            berlin
        )),
        utc("2026-10-25T00:30:00Z")
    );
    assert_eq!(
        logged_at(read(&mut book, "昨天下午3点和王芳见面了", mon, berlin)),
        utc("2026-10-25T14:00:00Z")
    );
    assert_eq!(
        logged_at(read(&mut book, "前天下午3点和王芳见面了", mon, berlin)),
        utc("2026-10-24T13:00:00Z")
    );
    // "Yesterday" is a local date: just after midnight in Shanghai it is still the day before in UTC.
    let sh = chrono_tz::Asia::Shanghai;
    let just_after_midnight = sh
        .with_ymd_and_hms(2026, 12, 2, 0, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(
        read(&mut book, "明天回访张总", just_after_midnight, sh),
        CaptureAction::FollowUp {
            due_date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            due_time: None
        }
    );
}

#[test]
fn a_name_that_fits_several_gives_the_candidates_and_writes_nothing() {
    let mut book = book();
    let tz = ZONES[0];
    let now = ten_am(tz, 2026, 12, 2);
    for phrase in ["call Bob tomorrow", "老王 明天 电话", "王总 明天 拜访"] {
        let req = CaptureRequest {
            text: phrase.into(),
            contact_id: None,
        };
        let p = book.preview_capture(&req, now, tz).unwrap();
        assert!(p.contact.is_none(), "{phrase}");
        assert_eq!(p.candidates.len(), 2, "{phrase}: {:?}", p.candidates);
        let e = book.capture(&req, now, tz).unwrap_err().to_string();
        assert!(
            e.contains("fits 2 contacts") && e.contains("choose one"),
            "{e}"
        );
    }
    assert_eq!(
        book.store()
            .pending_follow_ups_until(NaiveDate::MAX)
            .unwrap()
            .len(),
        0
    );
    // Choosing one writes to it.
    let bob = book
        .preview_capture(
            &CaptureRequest {
                text: "call Bob tomorrow".into(),
                contact_id: None,
            },
            now,
            tz,
        )
        .unwrap()
        .candidates[1]
        .contact_id;
    let done = book
        .capture(
            &CaptureRequest {
                text: "call Bob tomorrow".into(),
                contact_id: Some(bob),
            },
            now,
            tz,
        )
        .unwrap();
    assert_eq!(done.follow_up.unwrap().contact_id, bob);
}

#[test]
fn phrases_it_cannot_read_say_why_and_write_nothing() {
    let mut book = book();
    let tz = ZONES[1];
    let now = ten_am(tz, 2026, 12, 2);
    for (phrase, says) in [
        ("", "empty"),
        ("   ", "empty"),
        ("call someone tomorrow", "no contact found"),
        ("明天下午3点回访 续保", "no contact found"),
        ("call Ada tomorrow or next friday", "two days"),
        ("call Ada at 3pm and at 5pm", "two times"),
        ("call Ada on 2026-02-30", "not a day of the calendar"),
        (
            "明天下午3点回访张总 2026年2月30日",
            "not a day of the calendar",
        ),
        ("礼拜六 和吴刚喝咖啡 2月30日", "not a day of the calendar"),
    ] {
        let req = CaptureRequest {
            text: phrase.into(),
            contact_id: None,
        };
        let e = book.capture(&req, now, tz).unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        assert!(e.to_string().contains(says), "'{phrase}': {e}");
    }
    let long = "call Ada ".repeat(100);
    assert!(book
        .capture(
            &CaptureRequest {
                text: long,
                contact_id: None
            },
            now,
            tz
        )
        .is_err());
    let ada = book.search("Ada Lovelace", 1).unwrap().hits[0].contact_id;
    assert!(book.interactions_of(ada, None).unwrap().is_empty());
    assert!(book.follow_ups_of(ada).unwrap().is_empty());
}

#[test]
fn capture_writes_what_the_preview_said_and_undo_removes_it() {
    let mut book = book();
    let tz = ZONES[0];
    let now = ten_am(tz, 2026, 12, 2);
    let req = |t: &str| CaptureRequest {
        text: t.into(),
        contact_id: None,
    };
    let preview = book
        .preview_capture(&req("明天下午3点回访张总 续保"), now, tz)
        .unwrap();
    let done = book
        .capture(&req("明天下午3点回访张总 续保"), now, tz)
        .unwrap();
    assert_eq!(done.preview, preview);
    let f = done.follow_up.clone().unwrap();
    assert_eq!(
        (f.due_date.to_string(), f.text.as_str()),
        ("2026-12-03".into(), "回访 续保")
    );
    let zwm = f.contact_id;
    assert_eq!(book.follow_ups_of(zwm).unwrap().len(), 1);

    let logged = book.capture(&req("met zwm yesterday"), now, tz).unwrap();
    let i = logged.interaction.clone().unwrap();
    assert_eq!((i.kind, i.text.as_str()), (InteractionKind::Meeting, "met"));
    assert_eq!(
        i.occurred_at,
        "2026-12-01T04:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert_eq!(
        book.contact(zwm).unwrap().last_contacted.map(|l| l.at),
        Some(i.occurred_at)
    );

    // Undo the latest (the log), then the follow-up by its handle; then nothing is left.
    assert_eq!(book.undo_last_capture().unwrap(), logged.undo);
    assert!(book.interactions_of(zwm, None).unwrap().is_empty());
    assert!(book.contact(zwm).unwrap().last_contacted.is_none());
    assert!(book.undo_last_capture().is_err());
    book.undo_capture(done.undo).unwrap();
    assert!(book.follow_ups_of(zwm).unwrap().is_empty());
    assert!(book.undo_capture(done.undo).is_err());
}
