//! Ratings, comments and poll votes through `Store::submit`, on every backend under test.

mod common;

use common::*;
use cong_store::{Accepted, Moderation, NewComment, NewPoll, Refusal, Store, Submission as S};

fn rating(article_id: i64, reader: &str, stars: i64, nonce: &str) -> S {
    S::Rating {
        article_id,
        reader: reader.into(),
        stars,
        ip: "203.0.113.7".into(),
        nonce: nonce.into(),
    }
}

fn comment(article_id: i64, parent_id: Option<i64>, email: &str, nonce: &str, m: Moderation) -> S {
    S::Comment(NewComment {
        article_id,
        parent_id,
        name: "Nguyễn Thị Hoa".into(),
        email: email.into(),
        body: format!("Ý kiến số {nonce}"),
        reader: "r1".into(),
        ip: "203.0.113.7".into(),
        nonce: nonce.into(),
        moderation: m,
    })
}

fn vote(poll_id: i64, options: &[i64], reader: &str, nonce: &str) -> S {
    S::Vote {
        poll_id,
        option_ids: options.to_vec(),
        reader: reader.into(),
        ip: "203.0.113.7".into(),
        nonce: nonce.into(),
    }
}

async fn one_article(s: &Store) -> i64 {
    let cat = category(s, "tin-tuc", None).await;
    s.insert_articles(&[article(cat, "Tiêm chủng mùa đông", NOW - 100)], NOW)
        .await
        .unwrap()[0]
}

async fn rating_totals(s: &Store, id: i64) -> (i64, i64) {
    let a = s.published_article(id, NOW).await.unwrap().unwrap();
    (a.rating_total, a.rating_count)
}

#[tokio::test]
async fn one_rating_per_reader_and_article_replaced_on_rerating() {
    let b = backends().await;
    for s in &b.stores {
        let id = one_article(s).await;
        let out = s
            .submit(
                &[
                    rating(id, "a", 5, "n1"),
                    rating(id, "b", 3, "n2"),
                    rating(id, "a", 2, "n3"),
                    // The same form again: refused, and nothing else in the group suffers.
                    rating(id, "c", 4, "n2"),
                    rating(id + 1000, "a", 4, "n4"),
                ],
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            out,
            vec![
                Ok(Accepted::Rated {
                    total: 5,
                    count: 1,
                    replaced: false
                }),
                Ok(Accepted::Rated {
                    total: 8,
                    count: 2,
                    replaced: false
                }),
                Ok(Accepted::Rated {
                    total: 5,
                    count: 2,
                    replaced: true
                }),
                Err(Refusal::Replayed),
                Err(Refusal::NoArticle),
            ]
        );
        assert_eq!(rating_totals(s, id).await, (5, 2));
        // The refused nonce n4 was rolled back with its submission, so it can still be used.
        let again = s.submit(&[rating(id, "d", 1, "n4")], NOW).await.unwrap();
        assert_eq!(
            again,
            vec![Ok(Accepted::Rated {
                total: 6,
                count: 3,
                replaced: false
            })]
        );
    }
    b.cleanup().await;
}

#[tokio::test]
async fn comments_are_held_threaded_and_moderated() {
    let b = backends().await;
    for s in &b.stores {
        let id = one_article(s).await;
        let out = s
            .submit(
                &[comment(
                    id,
                    None,
                    "hoa@example.vn",
                    "c1",
                    Moderation::HoldFirstTime,
                )],
                NOW,
            )
            .await
            .unwrap();
        let Ok(Accepted::Commented {
            id: first,
            published: false,
        }) = out[0]
        else {
            panic!("first-time commenter not held: {out:?}");
        };
        assert!(s.published_comments(id).await.unwrap().is_empty());
        assert_eq!(
            s.pending_comments(10).await.unwrap()[0].email,
            "hoa@example.vn"
        );
        // A reply to a comment nobody can see yet is refused.
        let out = s
            .submit(
                &[comment(
                    id,
                    Some(first),
                    "b@example.vn",
                    "c2",
                    Moderation::PublishAtOnce,
                )],
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(out, vec![Err(Refusal::NoParent)]);
        assert_eq!(s.moderate_comment(first, true).await.unwrap(), id);
        // Known address now: published at once; a reply to the reply joins the first thread.
        let out = s
            .submit(
                &[
                    comment(
                        id,
                        Some(first),
                        "hoa@example.vn",
                        "c3",
                        Moderation::HoldFirstTime,
                    ),
                    comment(id, None, "moi@example.vn", "c4", Moderation::HoldAll),
                ],
                NOW + 1,
            )
            .await
            .unwrap();
        let Ok(Accepted::Commented {
            id: reply,
            published: true,
        }) = out[0]
        else {
            panic!("known commenter held: {out:?}");
        };
        // Someone else typing that known address (another reader) is held: the address is
        // public, the reader cookie is not.
        let mut other = comment(id, None, "hoa@example.vn", "c3b", Moderation::HoldFirstTime);
        if let S::Comment(c) = &mut other {
            c.reader = "ke-gia-mao".into();
        }
        let held = s.submit(&[other], NOW + 1).await.unwrap();
        assert!(
            matches!(
                held[0],
                Ok(Accepted::Commented {
                    published: false,
                    ..
                })
            ),
            "another reader with a known e-mail skipped moderation: {held:?}"
        );
        assert_eq!(
            out[1],
            Ok(Accepted::Commented {
                id: reply + 1,
                published: false
            })
        );
        let out = s
            .submit(
                &[comment(
                    id,
                    Some(reply),
                    "x@example.vn",
                    "c5",
                    Moderation::PublishAtOnce,
                )],
                NOW + 2,
            )
            .await
            .unwrap();
        assert!(matches!(
            out[0],
            Ok(Accepted::Commented {
                published: true,
                ..
            })
        ));
        let shown = s.published_comments(id).await.unwrap();
        assert_eq!(shown.len(), 3);
        assert_eq!(shown[1].parent_id, Some(first));
        assert_eq!(shown[2].parent_id, Some(first));
        s.moderate_comment(reply, false).await.unwrap();
        assert_eq!(s.published_comments(id).await.unwrap().len(), 2);
        assert!(s.moderate_comment(99_999, true).await.is_err());
    }
    b.cleanup().await;
}

#[tokio::test]
async fn votes_count_once_per_reader_and_only_while_open() {
    let b = backends().await;
    for s in &b.stores {
        let poll = |multiple, closes_at| NewPoll {
            question: "Bạn đã tiêm vắc xin cúm năm nay chưa?".into(),
            multiple,
            max_choices: 2,
            opens_at: NOW - 10,
            closes_at,
            options: vec!["Rồi".into(), "Chưa".into(), "Sắp tiêm".into()],
        };
        let single = s.insert_poll(&poll(false, None)).await.unwrap();
        let multi = s.insert_poll(&poll(true, None)).await.unwrap();
        let closed = s.insert_poll(&poll(false, Some(NOW))).await.unwrap();
        let opts = |p: i64| async move {
            let (_, o) = s.poll_by_id(p).await.unwrap().unwrap();
            o.iter().map(|o| o.id).collect::<Vec<_>>()
        };
        let (so, mo, co) = (opts(single).await, opts(multi).await, opts(closed).await);
        let out = s
            .submit(
                &[
                    vote(single, &[so[0]], "a", "v1"),
                    vote(single, &[so[1]], "a", "v2"),
                    vote(single, &[so[0], so[1]], "b", "v3"),
                    vote(single, &[mo[0]], "b", "v4"),
                    vote(multi, &[mo[0], mo[2]], "b", "v5"),
                    vote(multi, &[mo[0], mo[1], mo[2]], "c", "v6"),
                    vote(multi, &[mo[1], mo[1]], "c", "v7"),
                    vote(closed, &[co[0]], "a", "v8"),
                    vote(single + 999, &[so[0]], "a", "v9"),
                    vote(single, &[so[2]], "b", "v1"),
                ],
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            out,
            vec![
                Ok(Accepted::Voted),
                Err(Refusal::AlreadyVoted),
                Err(Refusal::BadOptions),
                Err(Refusal::BadOptions),
                Ok(Accepted::Voted),
                Err(Refusal::BadOptions),
                Err(Refusal::BadOptions),
                Err(Refusal::PollClosed),
                Err(Refusal::NoPoll),
                Err(Refusal::Replayed),
            ]
        );
        let votes = |p: i64| async move {
            let (_, o) = s.poll_by_id(p).await.unwrap().unwrap();
            o.iter().map(|o| o.votes).collect::<Vec<_>>()
        };
        assert_eq!(votes(single).await, [1, 0, 0]);
        assert_eq!(votes(multi).await, [1, 0, 1]);
        assert_eq!(votes(closed).await, [0, 0, 0]);
        assert_eq!(s.forget_forms_before(NOW + 1).await.unwrap(), 2);
    }
    b.cleanup().await;
}
