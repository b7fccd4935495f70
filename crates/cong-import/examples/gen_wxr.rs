//! Writes a WordPress export (WXR 1.2) of N generated posts for the import benchmark.
//!
//! `cargo run --release -p cong-import --example gen_wxr -- OUT.xml [POSTS]` (default 100000).
//! Posts are about 6 KB of Vietnamese-like text made from a syllable list, classic paragraphs
//! (blank lines) mixed with block markup, captions and galleries, comments on some, a featured
//! image on half; the output is the same for the same POSTS.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};

const SYLLABLES: &[&str] = &[
    "xã",
    "phường",
    "huyện",
    "tỉnh",
    "thành",
    "phố",
    "ủy",
    "ban",
    "nhân",
    "dân",
    "hội",
    "đồng",
    "công",
    "văn",
    "hướng",
    "dẫn",
    "thực",
    "hiện",
    "kế",
    "hoạch",
    "năm",
    "tháng",
    "ngày",
    "tổ",
    "chức",
    "họp",
    "báo",
    "cáo",
    "kết",
    "quả",
    "triển",
    "khai",
    "chương",
    "trình",
    "mục",
    "tiêu",
    "quốc",
    "gia",
    "xây",
    "dựng",
    "nông",
    "thôn",
    "mới",
    "giảm",
    "nghèo",
    "bền",
    "vững",
    "đầu",
    "tư",
    "hạ",
    "tầng",
    "giao",
    "thông",
    "thủy",
    "lợi",
    "trường",
    "học",
    "trạm",
    "y",
    "tế",
    "cán",
    "bộ",
    "công",
    "chức",
    "viên",
    "người",
    "lao",
    "động",
    "doanh",
    "nghiệp",
    "hợp",
    "tác",
    "sản",
    "xuất",
    "kinh",
    "tế",
    "xã",
    "hội",
    "an",
    "ninh",
    "trật",
    "tự",
    "phòng",
    "chống",
    "thiên",
    "tai",
    "dịch",
    "bệnh",
    "cải",
    "cách",
    "hành",
    "chính",
    "thủ",
    "tục",
    "điện",
    "tử",
    "trực",
    "tuyến",
    "cổng",
    "thông",
    "tin",
    "tiếp",
    "nhận",
    "giải",
    "quyết",
    "hồ",
    "sơ",
    "đúng",
    "hạn",
    "đất",
    "đai",
    "môi",
    "trường",
    "tài",
    "nguyên",
    "khoáng",
    "sản",
    "rừng",
    "biển",
    "đảo",
    "văn",
    "hóa",
    "thể",
    "thao",
    "du",
    "lịch",
    "lễ",
    "hội",
    "truyền",
    "thống",
    "khen",
    "thưởng",
    "thi",
    "đua",
    "yêu",
    "nước",
    "chuyển",
    "đổi",
    "số",
    "dữ",
    "liệu",
    "nền",
    "tảng",
    "ứng",
    "dụng",
    "phần",
    "mềm",
    "đào",
    "tạo",
    "bồi",
    "dưỡng",
    "nâng",
    "cao",
    "chất",
    "lượng",
    "hiệu",
];

const CATEGORIES: &[(&str, &str, &str)] = &[
    ("tin-tuc", "", "Tin tức"),
    ("tin-trong-tinh", "tin-tuc", "Tin trong tỉnh"),
    ("tin-trong-nuoc", "tin-tuc", "Tin trong nước"),
    ("thong-bao", "", "Thông báo"),
    ("chi-dao-dieu-hanh", "", "Chỉ đạo điều hành"),
    ("van-ban-moi", "chi-dao-dieu-hanh", "Văn bản mới"),
    ("cai-cach-hanh-chinh", "", "Cải cách hành chính"),
    ("kinh-te", "", "Kinh tế"),
    ("nong-nghiep", "kinh-te", "Nông nghiệp"),
    ("cong-nghiep", "kinh-te", "Công nghiệp"),
    ("van-hoa-xa-hoi", "", "Văn hóa - Xã hội"),
    ("giao-duc", "van-hoa-xa-hoi", "Giáo dục"),
    ("y-te", "van-hoa-xa-hoi", "Y tế"),
    ("quoc-phong-an-ninh", "", "Quốc phòng - An ninh"),
];

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn words(rng: &mut Rng, n: usize, out: &mut String) {
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let start = out.len();
    let n = 8 + rng.below(14);
    words(rng, n, out);
    // Capitalise the first letter, as a sentence would be.
    let first: String = out[start..]
        .chars()
        .take(1)
        .flat_map(char::to_uppercase)
        .collect();
    let len = out[start..].chars().next().map_or(0, char::len_utf8);
    out.replace_range(start..start + len, &first);
    out.push_str(if rng.below(6) == 0 { ", " } else { ". " });
}

fn body(rng: &mut Rng, id: u64, image: Option<&str>) -> String {
    let mut s = String::with_capacity(7000);
    let blocks = id % 5 == 0;
    let mut n = 0;
    while s.len() < 3700 {
        let mut p = String::new();
        for _ in 0..3 + rng.below(4) {
            sentence(rng, &mut p);
        }
        let p = p.trim_end();
        if blocks {
            let _ = write!(
                s,
                "<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->\n\n"
            );
        } else {
            let _ = write!(s, "{p}\n\n");
        }
        n += 1;
        if n == 2 {
            if let Some(url) = image {
                let _ = write!(
                    s,
                    "[caption id=\"attachment_{id}\" align=\"aligncenter\" width=\"800\"]<img src=\"{url}\" alt=\"Ảnh minh họa\" width=\"800\" height=\"533\" /> Quang cảnh buổi làm việc (ảnh: Cổng TTĐT)[/caption]\n\n"
                );
            }
        }
        if n == 4 && id % 7 == 0 {
            s.push_str("<ul>\n<li>Thời gian: 8 giờ 00</li>\n<li>Địa điểm: hội trường ủy ban</li>\n</ul>\n\n");
        }
    }
    if id % 11 == 0 {
        s.push_str("[gallery ids=\"1,2,3\"]\n");
    }
    s
}

fn cdata(s: &str) -> String {
    format!("<![CDATA[{}]]>", s.replace("]]>", "]]]]><![CDATA[>"))
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: gen_wxr OUT.xml [POSTS]");
    let posts: u64 = args
        .next()
        .map_or(100_000, |n| n.parse().expect("POSTS is a number"));
    let mut w = BufWriter::with_capacity(1 << 20, File::create(&path)?);
    let base = "https://so-thu-nghiem.gov.vn";
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>")?;
    writeln!(w, "<!-- generator=\"cong-import gen_wxr\" -->")?;
    writeln!(w, "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">")?;
    writeln!(
        w,
        "<channel>\n<title>Sở Thử nghiệm</title>\n<link>{base}</link>\n<language>vi</language>"
    )?;
    writeln!(w, "<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>{base}</wp:base_site_url>\n<wp:base_blog_url>{base}</wp:base_blog_url>")?;
    for a in 1..=5 {
        writeln!(w, "<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login>{}</wp:author_login><wp:author_email>bientap{a}@example.invalid</wp:author_email><wp:author_display_name>{}</wp:author_display_name></wp:author>", cdata(&format!("bientap{a}")), cdata(&format!("Biên tập viên {a}")))?;
    }
    for (i, (slug, parent, name)) in CATEGORIES.iter().enumerate() {
        writeln!(w, "<wp:category><wp:term_id>{}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent><wp:cat_name>{}</wp:cat_name></wp:category>", i + 1, cdata(name))?;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let tags: Vec<String> = (0..200)
        .map(|_| {
            let mut t = String::new();
            words(&mut rng, 2, &mut t);
            t
        })
        .collect();
    for (i, t) in tags.iter().enumerate() {
        writeln!(w, "<wp:tag><wp:term_id>{}</wp:term_id><wp:tag_slug>tag-{i}</wp:tag_slug><wp:tag_name>{}</wp:tag_name></wp:tag>", 100 + i, cdata(t))?;
    }
    let mut comment_id = 0u64;
    for n in 0..posts {
        let id = 1000 + n * 2;
        let (y, m, d) = (2015 + n % 10, 1 + n % 12, 1 + n % 28);
        let date = format!("{y}-{m:02}-{d:02} {:02}:{:02}:00", n % 24, n % 60);
        let image =
            (n % 2 == 0).then(|| format!("{base}/wp-content/uploads/{y}/{m:02}/anh-{id}.jpg"));
        let mut title = String::new();
        let len = 6 + rng.below(7);
        words(&mut rng, len, &mut title);
        let slug = format!("bai-viet-{id}");
        let (cat, _, cat_name) = CATEGORIES[rng.below(CATEGORIES.len())];
        writeln!(
            w,
            "<item>\n<title>{}</title>\n<link>{base}/{y}/{m:02}/{d:02}/{slug}/</link>",
            cdata(&title)
        )?;
        writeln!(
            w,
            "<dc:creator>{}</dc:creator>\n<guid isPermaLink=\"false\">{base}/?p={id}</guid>",
            cdata(&format!("bientap{}", 1 + n % 5))
        )?;
        writeln!(
            w,
            "<content:encoded>{}</content:encoded>",
            cdata(&body(&mut rng, id, image.as_deref()))
        )?;
        let mut excerpt = String::new();
        sentence(&mut rng, &mut excerpt);
        writeln!(
            w,
            "<excerpt:encoded>{}</excerpt:encoded>",
            cdata(excerpt.trim())
        )?;
        writeln!(w, "<wp:post_id>{id}</wp:post_id>\n<wp:post_date>{}</wp:post_date>\n<wp:post_date_gmt>{}</wp:post_date_gmt>", cdata(&date), cdata(&date))?;
        writeln!(w, "<wp:comment_status>open</wp:comment_status>\n<wp:post_name>{slug}</wp:post_name>\n<wp:status>{}</wp:status>", if n % 50 == 0 { "draft" } else { "publish" })?;
        writeln!(w, "<wp:post_parent>0</wp:post_parent>\n<wp:post_type>post</wp:post_type>\n<wp:post_password></wp:post_password>\n<wp:is_sticky>0</wp:is_sticky>")?;
        writeln!(
            w,
            "<category domain=\"category\" nicename=\"{cat}\">{}</category>",
            cdata(cat_name)
        )?;
        for _ in 0..1 + rng.below(3) {
            let t = rng.below(tags.len());
            writeln!(
                w,
                "<category domain=\"post_tag\" nicename=\"tag-{t}\">{}</category>",
                cdata(&tags[t])
            )?;
        }
        if image.is_some() {
            writeln!(w, "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>", id + 1)?;
        }
        for c in 0..[0, 0, 1, 3][n as usize % 4] {
            comment_id += 1;
            let mut text = String::new();
            sentence(&mut rng, &mut text);
            let parent = if c > 0 { comment_id - 1 } else { 0 };
            writeln!(w, "<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{}</wp:comment_author><wp:comment_author_email>bandoc{comment_id}@example.invalid</wp:comment_author_email><wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt><wp:comment_content>{}</wp:comment_content><wp:comment_approved>{}</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>", cdata("Bạn đọc"), cdata(text.trim()), u8::from(c != 2))?;
        }
        writeln!(w, "</item>")?;
        if let Some(url) = image {
            writeln!(w, "<item>\n<title>anh-{id}</title>\n<link>{base}/{y}/{m:02}/{d:02}/{slug}/anh-{id}/</link>\n<dc:creator>bientap1</dc:creator>\n<content:encoded><![CDATA[]]></content:encoded>\n<excerpt:encoded>{}</excerpt:encoded>", cdata("Ảnh minh họa"))?;
            writeln!(w, "<wp:post_id>{}</wp:post_id>\n<wp:post_date>{date}</wp:post_date>\n<wp:post_date_gmt>{date}</wp:post_date_gmt>\n<wp:post_name>anh-{id}</wp:post_name>\n<wp:status>inherit</wp:status>\n<wp:post_parent>{id}</wp:post_parent>\n<wp:post_type>attachment</wp:post_type>\n<wp:attachment_url>{url}</wp:attachment_url>", id + 1)?;
            writeln!(w, "<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{}</wp:meta_value></wp:postmeta>\n</item>", cdata("Quang cảnh buổi làm việc"))?;
        }
    }
    writeln!(w, "</channel>\n</rss>")?;
    w.flush()
}
