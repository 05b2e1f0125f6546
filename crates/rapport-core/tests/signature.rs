//! Contacts from pasted signature blocks, in English and Chinese: a table of
//! real-looking blocks and what each must give.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use rapport_core::phone::Region;
use rapport_core::signature::contact_from_text;

struct Case {
    text: &'static str,
    name: &'static str,
    title: Option<&'static str>,
    company: Option<&'static str>,
    emails: &'static [&'static str],
    /// E.164 forms, in order.
    phones: &'static [&'static str],
    address: bool,
}

const fn case(text: &'static str, name: &'static str) -> Case {
    Case {
        text,
        name,
        title: None,
        company: None,
        emails: &[],
        phones: &[],
        address: false,
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case { title: Some("Head of Sales"), company: Some("Acme Inc."), emails: &["ada@acme.com"], phones: &["+14155550123"],
            ..case("Ada Lovelace | Head of Sales\nAcme Inc.\nada@acme.com\n+1 415 555 0123", "Ada Lovelace") },
        Case { title: Some("Account Manager"), company: Some("Globex Corporation"), emails: &["bob.byte@globex.com"], phones: &["+14155550188", "+14155550199"],
            ..case("--\nBob Byte\nAccount Manager\nGlobex Corporation\nM: (415) 555-0188\nT: 415.555.0199\nbob.byte@globex.com", "Bob Byte") },
        Case { title: Some("Director of Partnerships"), company: Some("Initech LLC"), emails: &["c.dorsey@initech.io"], address: true,
            ..case("Carla Dorsey, Director of Partnerships\nInitech LLC\n1200 Market Street, Suite 400\nSan Francisco, CA 94103\nc.dorsey@initech.io", "Carla Dorsey") },
        Case { title: Some("Founder & CEO"), company: Some("Tiny Studio"), emails: &["dan@tinystudio.co"], phones: &["+447911123456"],
            ..case("Dan Smith\nFounder & CEO\nTiny Studio\nMobile: +44 7911 123456\ndan@tinystudio.co\nwww.tinystudio.co", "Dan Smith") },
        Case { title: Some("Senior Software Engineer"), company: Some("Umbrella GmbH"), emails: &["eva.m@umbrella.de"], phones: &["+493012345678"],
            ..case("Eva Müller\nSenior Software Engineer\nUmbrella GmbH\nTel.: +49 30 12345678\nE-Mail: eva.m@umbrella.de", "Eva Müller") },
        Case { emails: &["frank@example.org"], ..case("Frank Ocean\nfrank@example.org", "Frank Ocean") },
        // Regression: a title and an organisation on one line that no company word ended.
        Case { title: Some("Rear Admiral"), company: Some("Navy Labs"), emails: &["grace@navy.example"],
            ..case("Grace Hopper\nRear Admiral, Navy Labs\ngrace@navy.example", "Grace Hopper") },
        Case { title: Some("Professor of Chemistry"), company: Some("Curie Institute"), emails: &["m.curie@institut.example"],
            ..case("Marie Curie\nProfessor of Chemistry · Curie Institute\nm.curie@institut.example", "Marie Curie") },
        Case { phones: &["+14155550142"], ..case("Grace Hopper\nCell 415-555-0142", "Grace Hopper") },
        Case { title: Some("Consultant"), company: Some("Hooli Ltd"), emails: &["h.k@hooli.co.uk"],
            ..case("Best regards,\n\nHenry Kim\nConsultant\nHooli Ltd\nh.k@hooli.co.uk", "Henry Kim") },
        Case { title: Some("VP Marketing"), company: Some("Stark Industries"), emails: &["irene@stark.com"], phones: &["+12125550100"],
            ..case("Irene Adler — VP Marketing — Stark Industries\nirene@stark.com | +1 212 555 0100", "Irene Adler") },
        Case { title: Some("Sales Representative"), company: Some("Wayne Enterprises Inc"), emails: &["jack@wayne.com"], phones: &["+13125550111"],
            ..case("Jack Ryan\nSales Representative\nWayne Enterprises Inc\nOffice: 312 555 0111 ext. 42\njack@wayne.com", "Jack Ryan") },
        Case { title: Some("Partner"), company: Some("Kline & Co."), emails: &["kate@kline.law"], phones: &["+16175550177"], address: true,
            ..case("Kate Kline\nPartner\nKline & Co.\n88 Beacon Road, Boston, MA 02108\nP: 617-555-0177\nkate@kline.law", "Kate Kline") },
        Case { emails: &["leo@startup.dev"], phones: &["+14155550166"],
            ..case("Leo\nleo@startup.dev\n+1 (415) 555-0166", "Leo") },
        Case { title: Some("Customer Success Lead"), company: Some("Soylent"), emails: &["maria.g@soylent.com"],
            ..case("Maria Garcia\nCustomer Success Lead · Soylent\nmaria.g@soylent.com\nhttps://soylent.com", "Maria Garcia") },
        Case { title: Some("Architect"), company: Some("Nordic Design AB Group"), phones: &["+46701234567"],
            ..case("Nils Berg\nArchitect\nNordic Design AB Group\nMob +46 70 123 45 67", "Nils Berg") },
        Case { title: Some("Analyst"), company: Some("First National Bank"), emails: &["olivia.chen@fnb.com"], phones: &["+12125550133"],
            ..case("Olivia Chen | Analyst | First National Bank\nolivia.chen@fnb.com\nPhone: (212) 555-0133\nFax: (212) 555-0134", "Olivia Chen") },
        Case { title: Some("销售总监"), company: Some("华为技术有限公司"), emails: &["zwm@huawei.com"], phones: &["+8613800138000"],
            ..case("张伟明 | 销售总监\n华为技术有限公司\n手机：138 0013 8000\n邮箱：zwm@huawei.com", "张伟明") },
        Case { title: Some("客户经理"), company: Some("中国平安保险集团"), phones: &["+8613912345678"], address: true,
            ..case("李娜\n客户经理\n中国平安保险集团\n电话：139-1234-5678\n地址：上海市浦东新区陆家嘴环路1333号", "李娜") },
        Case { title: Some("总经理"), company: Some("深圳市腾达贸易有限公司"), emails: &["wang@tenda-trade.cn"], phones: &["+8675588886666", "+8613711112222"],
            ..case("王强 总经理\n深圳市腾达贸易有限公司\n座机：0755-8888 6666\n手机：137 1111 2222\nEmail: wang@tenda-trade.cn", "王强") },
        Case { title: Some("理财规划师"), company: Some("招商银行"), phones: &["+8615800001111"],
            ..case("赵敏，理财规划师\n招商银行\n15800001111", "赵敏") },
        Case { emails: &["liu.yang@163.com"], phones: &["+8618600002222"],
            ..case("刘洋\n18600002222\nliu.yang@163.com", "刘洋") },
        Case { title: Some("高级工程师"), company: Some("阿里巴巴集团"), emails: &["chen.j@alibaba-inc.com"], address: true,
            ..case("陈杰\n高级工程师\n阿里巴巴集团\n浙江省杭州市余杭区文一西路969号\nchen.j@alibaba-inc.com", "陈杰") },
        Case { title: Some("市场部 部长"), company: Some("北京字节跳动科技有限公司"), phones: &["+8613500003333"],
            ..case("孙丽\n市场部 部长\n北京字节跳动科技有限公司\n手机 135 0000 3333\n传真 010-8888 9999", "孙丽") },
        Case { title: Some("主任医生"), company: Some("复旦大学附属中山医院"), phones: &["+862164041990"],
            ..case("周华 | 主任医生\n复旦大学附属中山医院\n电话：021-64041990", "周华") },
        Case { title: Some("合伙人"), company: Some("金杜律师事务所"), emails: &["wu.tao@kwm.com"],
            ..case("吴涛\n合伙人\n金杜律师事务所\n邮箱: wu.tao@kwm.com\n网址: www.kwm.com", "吴涛") },
        Case { title: Some("店长"), phones: &["+8613622224444"],
            ..case("郑芳 店长\n微信/手机：13622224444", "郑芳") },
        Case { emails: &["xu@gmail.com"], ..case("许\nxu@gmail.com", "") },
        Case { title: Some("Sales Manager"), company: Some("上海汽车集团股份有限公司"), emails: &["kevin.zhu@saicmotor.com"], phones: &["+8613812345678"],
            ..case("朱凯 Kevin Zhu\nSales Manager\n上海汽车集团股份有限公司\nMobile: +86 138 1234 5678\nkevin.zhu@saicmotor.com", "朱凯 Kevin Zhu") },
        Case { title: Some("Head of Asia"), company: Some("Fintech Ltd."), emails: &["mei@fintech.hk"], phones: &["+85291234567"],
            ..case("Mei Ling\nHead of Asia, Fintech Ltd.\nmei@fintech.hk\n+852 9123 4567", "Mei Ling") },
        Case { title: Some("教授"), company: Some("清华大学"), emails: &["hu@tsinghua.edu.cn"], phones: &["+861062781234"],
            ..case("胡明 教授\n清华大学\n电话：(010) 6278 1234\nhu@tsinghua.edu.cn", "胡明") },
        Case { emails: &["noreply-style@corp.example.com"], phones: &["+14155550100"],
            ..case("________________\nPeter Parker\nnoreply-style@corp.example.com\ntel +1 415 555 0100\n________________", "Peter Parker") },
        Case { title: Some("Owner"), company: Some("Quinn's Bakery Company"), phones: &["+14155550155"], address: true,
            ..case("Quinn Fabray\nOwner\nQuinn's Bakery Company\n12 Main Street, Springfield\n(415) 555-0155", "Quinn Fabray") },
        Case { title: Some("保险代理人"), company: Some("中国人寿保险公司"), phones: &["+8613300005555"],
            ..case("马丽\n保险代理人\n中国人寿保险公司\n联系电话：133 0000 5555", "马丽") },
    ]
}

#[test]
fn signature_blocks_become_contacts() {
    let cases = cases();
    assert!(cases.len() >= 30, "{}", cases.len());
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let region = if c
            .text
            .chars()
            .any(|ch| ('\u{4E00}'..='\u{9FFF}').contains(&ch))
        {
            Region::parse("CN").unwrap()
        } else {
            Region::parse("US").unwrap()
        };
        let d = match contact_from_text(c.text, region) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("#{i}: {e}\n{}", c.text));
                continue;
            }
        };
        let emails: Vec<&str> = d.emails.iter().map(|e| e.address.as_str()).collect();
        let phones: Vec<&str> = d.phones.iter().filter_map(|p| p.e164.as_deref()).collect();
        let got = (
            d.display_name.as_str(),
            d.title.as_deref(),
            d.company.as_deref(),
            emails.clone(),
            phones
                .iter()
                .take(c.phones.len())
                .copied()
                .collect::<Vec<_>>(),
            !d.addresses.is_empty(),
        );
        let want = (
            c.name,
            c.title,
            c.company,
            c.emails.to_vec(),
            c.phones.to_vec(),
            c.address,
        );
        if got != want {
            failures.push(format!(
                "#{i}:\n  got  {got:?}\n  want {want:?}\n{}",
                c.text
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn text_with_nothing_of_a_contact_says_so() {
    let e =
        contact_from_text("thanks, see you tomorrow!", Region::parse("US").unwrap()).unwrap_err();
    assert!(e.to_string().contains("no name, email or phone"), "{e}");
    let long = "x".repeat(20_000);
    assert!(contact_from_text(&long, Region::parse("US").unwrap()).is_err());
}
