//! The NukeViet reader on a hand-written mysqldump file covering what the real dumps lack:
//! no column lists, bodies after rows, a renamed module, comments and web links.

use cong_import::nukeviet::{self, Options, Reader};
use cong_import::{ArticleStatus, ImportItem, LegacyTarget};

fn article<'a>(items: &'a [ImportItem], key: &str) -> &'a cong_import::ImportArticle {
    items
        .iter()
        .find_map(|i| match i {
            ImportItem::Article(a) if a.key == key => Some(&**a),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {key}"))
}

/// A mysqldump-style dump written for the test: no column lists (CREATE TABLE gives them),
/// rows before bodies, a news module renamed ("tin-tuc", data "tintuc"), a per-category copy
/// table to ignore, threaded and pending comments, a web-links module.
const MYSQLDUMP: &str = r#"-- MySQL dump 10.13  Distrib 8.0.36
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS `nv4_config`;
CREATE TABLE `nv4_config` (`lang` varchar(3), `module` varchar(50), `config_name` varchar(30), `config_value` text);
INSERT INTO `nv4_config` VALUES ('sys','global','rewrite_op_mod','tin-tuc'),('vi','global','site_name','Sở Thử nghiệm');
CREATE TABLE `nv4_users` (`userid` int, `username` varchar(100), `password` varchar(150), `email` varchar(100), `first_name` varchar(100), `last_name` varchar(100));
INSERT INTO `nv4_users` VALUES (1,'admin','$argon2id$secret','a@example.invalid','An','Nguyễn Văn'),(2,'member','$argon2id$x','m@example.invalid','',''),(3,'nobody','x','n@example.invalid','','');
CREATE TABLE `nv4_vi_comment` (`cid` int, `module` varchar(55), `area` int, `id` int, `pid` int, `content` text, `post_time` int, `userid` int, `post_name` varchar(100), `post_email` varchar(100), `post_ip` varchar(39), `status` tinyint);
INSERT INTO `nv4_vi_comment` VALUES (1,'tin-tuc',0,7,0,'Bài viết hay quá!<br />Cảm ơn.',1700000100,0,'Bạn đọc','doc@example.invalid','10.0.0.1',1),(2,'tin-tuc',0,7,1,'Đồng ý với bạn \'Bạn đọc\'',1700000200,2,'member','m@example.invalid','10.0.0.2',0),(3,'shops',0,1,0,'x',1700000300,0,'x','x@example.invalid','',1);
CREATE TABLE `nv4_vi_modules` (`title` varchar(50), `module_file` varchar(50), `module_data` varchar(50), `module_upload` varchar(50), `custom_title` varchar(255));
INSERT INTO `nv4_vi_modules` VALUES ('tin-tuc','news','tintuc','tin-tuc','Tin tức'),('lien-ket','weblinks','weblinks','weblinks','Liên kết');
CREATE TABLE `nv4_vi_tintuc_1` (`id` int, `catid` int, `listcatid` varchar(255), `title` varchar(250), `alias` varchar(250));
INSERT INTO `nv4_vi_tintuc_1` VALUES (7,1,'1','copy that must be ignored','copy');
CREATE TABLE `nv4_vi_tintuc_cat` (`catid` int, `parentid` int, `title` varchar(250), `alias` varchar(250), `description` text, `sort` int, `groups_view` varchar(255), `status` int);
INSERT INTO `nv4_vi_tintuc_cat` VALUES (2,1,'Thông báo','Thong-bao','',2,'6',1),(1,0,'Tin tức &amp; sự kiện','Tin-tuc','',1,'6',1),(3,0,'Nội bộ','noi-bo','',3,'4',1);
CREATE TABLE `nv4_vi_tintuc_rows` (`id` int, `catid` int, `listcatid` varchar(255), `topicid` int, `admin_id` int, `author` varchar(250), `addtime` int, `edittime` int, `status` tinyint, `publtime` int, `exptime` int, `title` varchar(250), `alias` varchar(250), `hometext` text, `homeimgfile` varchar(255), `homeimgalt` varchar(255), `homeimgthumb` tinyint, `allowed_comm` varchar(255), `hitstotal` int, `total_rating` int, `click_rating` int);
INSERT INTO `nv4_vi_tintuc_rows` VALUES (7,2,'2,1',0,1,'Phòng Văn hóa',1700000000,1700000050,1,1700000000,0,'Lịch tiếp dân &#x002F; tháng 12&#x3A; &quot;mới&quot;','Lich-Tiep-Dan-Thang-12','Lịch &lt;b&gt;tiếp&lt;/b&gt; dân.','2023_12/lich.jpg','Lịch tiếp dân',1,'6',120,9,2),
(8,3,'3',0,1,'',1700000000,1700000000,2,1900000000,1950000000,'Hẹn giờ','hen-gio','','https://cdn.example.org/a.jpg','',3,'0',0,0,0);
CREATE TABLE `nv4_vi_tintuc_detail` (`id` int, `titlesite` varchar(255), `bodyhtml` longtext, `sourcetext` varchar(255));
INSERT INTO `nv4_vi_tintuc_detail` VALUES (8,'','<p>Sẽ đăng; sau.</p>',''),(7,'','<p>Nội dung \"có\" dấu\\gạch; <img src=\"/uploads/tin-tuc/2023_12/a.jpg\" alt=\"A\"></p><script>alert(1)</script>','https://nguon.example.org/x');
CREATE TABLE `nv4_vi_tintuc_tags` (`tid` int, `title` varchar(250), `alias` varchar(250), `keywords` text);
INSERT INTO `nv4_vi_tintuc_tags` VALUES (4,'','tiếp-dân','tiếp dân');
CREATE TABLE `nv4_vi_tintuc_tags_id` (`id` int, `tid` int, `keyword` varchar(65));
INSERT INTO `nv4_vi_tintuc_tags_id` VALUES (7,4,'tiếp dân');
CREATE TABLE `nv4_vi_weblinks_cat` (`catid` int, `parentid` int, `title` varchar(255), `alias` varchar(255));
INSERT INTO `nv4_vi_weblinks_cat` VALUES (1,0,'Cổng Chính phủ','cong-chinh-phu');
CREATE TABLE `nv4_vi_weblinks_rows` (`id` int, `catid` int, `title` varchar(255), `alias` varchar(255), `url` varchar(255), `description` text, `hits_total` int, `status` tinyint);
INSERT INTO `nv4_vi_weblinks_rows` VALUES (1,1,'Cổng TTĐT Chính phủ','cong-ttdt','https://chinhphu.vn','',42,1);
-- Dump completed on 2024-01-01 10:00:00
"#;

#[test]
fn mysqldump_with_a_renamed_module_comments_and_links() {
    let index = nukeviet::scan(MYSQLDUMP.as_bytes(), &Options::default()).expect("valid");
    let scheme = index.legacy_scheme().clone();
    let cursor = || std::io::Cursor::new(MYSQLDUMP.as_bytes());
    let mut reader = Reader::new(cursor(), cursor(), index);
    let items: Vec<ImportItem> = (&mut reader).collect::<Result<_, _>>().unwrap();
    let report = reader.into_report();
    let ImportItem::Site(site) = &items[0] else {
        panic!()
    };
    assert_eq!(site.title, "Sở Thử nghiệm");
    // Only the account that posted comes over, without its password.
    let authors: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            ImportItem::Author(a) => Some(a),
            _ => None,
        })
        .collect();
    assert_eq!(authors.len(), 1);
    assert_eq!(
        (authors[0].key.as_str(), authors[0].display_name.as_str()),
        ("user:1", "Nguyễn Văn An")
    );
    assert!(!format!("{items:?}").contains("argon2"));
    // Categories: parent first although the dump lists the child first; members-only is hidden.
    let cats: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            ImportItem::Category(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(
        cats.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(),
        ["tintuc:cat:1", "tintuc:cat:2", "tintuc:cat:3"]
    );
    assert_eq!(cats[0].name, "Tin tức & sự kiện");
    assert!(cats[2].hidden && !cats[0].hidden);
    // The article, joined with its body although the body row comes later.
    let a = article(&items, "tintuc:7");
    assert_eq!(a.title, "Lịch tiếp dân / tháng 12: \"mới\"");
    // Escaped markup was text to readers, and stays text.
    assert_eq!(a.lead, "Lịch <b>tiếp</b> dân.");
    assert_eq!(
        a.body_html,
        "<p>Nội dung \"có\" dấu\\gạch; <img src=\"/uploads/tin-tuc/2023_12/a.jpg\" alt=\"A\"></p>"
    );
    assert_eq!(
        a.body_photos[0].local.as_deref(),
        Some("tin-tuc/2023_12/a.jpg")
    );
    assert_eq!(
        a.lead_photo.as_ref().unwrap().src,
        "/uploads/tin-tuc/2023_12/lich.jpg"
    );
    assert_eq!(a.category_keys, ["tintuc:cat:2", "tintuc:cat:1"]);
    assert_eq!(a.tag_keys, ["tintuc:tag:4"]);
    assert_eq!(
        (a.views, a.rating_total, a.rating_count, a.published_at),
        (120, 9, 2, 1_700_000_000)
    );
    assert_eq!(a.source_url, "https://nguon.example.org/x");
    assert!(a
        .legacy_paths
        .contains(&"/vi/tin-tuc/Thong-bao/Lich-Tiep-Dan-Thang-12-7.html".to_string()));
    assert!(
        a.legacy_paths
            .contains(&"/Thong-bao/Lich-Tiep-Dan-Thang-12-7.html".to_string()),
        "default module"
    );
    assert_eq!(
        scheme.match_path("/tin-tuc/thong-bao/lich-tiep-dan-thang-12-7.html"),
        Some(LegacyTarget::Article("tintuc:7".into()))
    );
    let s = article(&items, "tintuc:8");
    assert_eq!(
        (s.status, s.expires_at),
        (ArticleStatus::Scheduled, Some(1_950_000_000))
    );
    assert_eq!(
        s.lead_photo
            .as_ref()
            .map(|p| (p.src.as_str(), p.local.is_none())),
        Some(("https://cdn.example.org/a.jpg", true))
    );
    assert!(!s.comments_open);
    assert_eq!(
        items
            .iter()
            .filter(|i| matches!(i, ImportItem::Article(_)))
            .count(),
        2,
        "the per-category copy is not an article"
    );
    // Comments: threaded, pending kept as pending, e-mail kept (private); other modules skipped.
    let cs: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            ImportItem::Comment(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(cs.len(), 2);
    assert_eq!(
        (
            cs[0].article_key.as_str(),
            cs[0].body.as_str(),
            cs[0].approved
        ),
        ("tintuc:7", "Bài viết hay quá!\nCảm ơn.", true)
    );
    assert_eq!(
        (cs[1].parent_key.as_deref(), cs[1].approved),
        (Some("comment:1"), false)
    );
    assert_eq!(cs[1].author_email, "m@example.invalid");
    assert_eq!(report.count(cong_import::ItemKind::Comment).skipped, 1);
    // Web links with their category.
    let links: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            ImportItem::WebLink(l) => Some(l),
            _ => None,
        })
        .collect();
    assert_eq!(links.len(), 1);
    assert_eq!(
        (
            links[0].url.as_str(),
            links[0].category.as_str(),
            links[0].clicks
        ),
        ("https://chinhphu.vn", "Cổng Chính phủ", 42)
    );
    // Without its trailer, the same dump is a cut file.
    let cut = MYSQLDUMP.replace("-- Dump completed on 2024-01-01 10:00:00\n", "");
    let e = nukeviet::scan(cut.as_bytes(), &Options::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("Dump completed"), "{e}");
}
