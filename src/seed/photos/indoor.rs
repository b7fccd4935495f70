//! Scenes indoors and close-ups: meetings, clinics, classes, vaccines, blood, paperwork.

use super::canvas::*;

pub(super) fn hoi_nghi(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 320.0, 0xf3e6cf, 0xdcc6a0);
    c.gradient(0.0, 300.0, 960.0, 240.0, 0x8a2a35, 0x4e141c);
    c.rect(0.0, 0.0, 70.0, 310.0, 0x9b2335);
    c.rect(890.0, 0.0, 70.0, 310.0, 0x9b2335);
    // Banner: an emblem, and bars standing in for the slogan.
    c.rect(180.0, 36.0, 600.0, 112.0, 0x1f4e8c);
    c.circle(236.0, 92.0, 32.0, RED);
    star(c, 236.0, 94.0, 22.0, 0xffd54f);
    c.rect(296.0, 62.0, 440.0, 16.0, WHITE);
    c.rect(336.0, 96.0, 360.0, 12.0, 0xf5d76e);
    c.rect(386.0, 122.0, 260.0, 8.0, 0xbcd0ea);
    // The presiding table on the stage, with flowers and a lectern.
    for i in 0..5 {
        person(c, (320.0 + 80.0 * i as f32, 176.0), 0.8, shirt(i), true);
    }
    c.rect(110.0, 228.0, 740.0, 34.0, 0xb5835a);
    c.rect(110.0, 262.0, 740.0, 48.0, 0x6d4126);
    c.rect(250.0, 198.0, 460.0, 10.0, WHITE);
    c.rect(256.0, 208.0, 448.0, 36.0, BLUE);
    c.ellipse(480.0, 244.0, 60.0, 12.0, LEAF);
    for i in 0..5 {
        let (x, y) = (438.0 + 21.0 * i as f32, 234.0 + (i % 2) as f32 * 6.0);
        c.circle(x, y, 10.0, [0xffd54f, 0xe53935, 0xff8a65][i % 3]);
    }
    c.trapezoid((760.0, 830.0, 172.0), (770.0, 820.0, 246.0), 0x9a6a44);
    c.line((790.0, 172.0), (800.0, 148.0), 3.0, 0x333333);
    // Audience from behind; nearer rows are larger and drawn later, on top.
    for row in 0..4 {
        let s = 0.8 + 0.22 * row as f32;
        let step = 86.0 * s;
        let shift = (row % 2) as f32 * step / 2.0 - 10.0;
        for i in 0..(960.0 / step) as usize + 2 {
            let at = (shift + step * i as f32, 345.0 + 55.0 * row as f32);
            person(c, at, s, shirt(i + row * 3), false);
        }
    }
}

pub(super) fn tiem_chung(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 400.0, 0xe6f3fc, 0xc2ddf0);
    c.gradient(0.0, 400.0, 960.0, 140.0, 0xfafafa, 0xdde4ea);
    // Vials; the cap and label stripe colour tell the vaccines apart.
    for (i, cap) in [0x1e88e5, 0xe53935, 0x43a047].into_iter().enumerate() {
        let x = 620.0 + 100.0 * i as f32;
        c.with_alpha(0.18, |c| c.ellipse(x + 8.0, 400.0, 42.0, 8.0, BLACK));
        c.rect(x - 30.0, 250.0, 60.0, 150.0, 0xe8f3f9);
        c.rect(x - 26.0, 300.0, 52.0, 96.0, 0xa9d8f2);
        c.rect(x - 30.0, 322.0, 60.0, 44.0, WHITE);
        c.rect(x - 30.0, 330.0, 60.0, 8.0, cap);
        c.rect(x - 20.0, 346.0, 40.0, 5.0, 0x9e9e9e);
        c.rect(x - 22.0, 238.0, 44.0, 14.0, 0xb0bec5);
        c.rect(x - 32.0, 212.0, 64.0, 28.0, cap);
        c.rect(x - 22.0, 258.0, 7.0, 40.0, WHITE);
    }
    // The syringe lies on a tilted axis: `t` runs towards the needle, `s` across it.
    let (a, d) = ((120.0, 440.0), (0.819f32, -0.574f32));
    let p = |t: f32, s: f32| (a.0 + d.0 * t - d.1 * s, a.1 + d.1 * t + d.0 * s);
    let parts = [
        (12.0, 110.0, 9.0, 0xb0bec5), // plunger rod
        (0.0, 12.0, 38.0, 0x90a4ae),  // thumb rest
        (116.0, 380.0, 34.0, 0xf4f9fc),
        (210.0, 376.0, 30.0, 0x7cc3ec), // vaccine
        (198.0, 212.0, 30.0, 0x37474f), // rubber stopper
        (104.0, 116.0, 58.0, 0xcfd8dc), // finger grip
        (380.0, 410.0, 12.0, 0xcfd8dc),
        (410.0, 424.0, 6.0, 0x90a4ae),
    ];
    for (t0, t1, s, col) in parts {
        c.polygon(&[p(t0, -s), p(t1, -s), p(t1, s), p(t0, s)], col);
    }
    c.line(p(424.0, 0.0), p(520.0, 0.0), 3.0, 0x78909c);
    for k in 0..10 {
        let (t, len) = (140.0 + 24.0 * k as f32, [16.0, 9.0][k % 2]);
        c.line(p(t, -34.0), p(t, len - 34.0), 2.0, 0x546e7a);
    }
    let tip = p(520.0, 0.0);
    tear_drop(c, tip.0 + 2.0, tip.1 + 16.0, 6.0, 14.0, 0x4fa8e0);
    for (x, r) in [(210.0, 20.0), (246.0, 17.0), (278.0, 15.0)] {
        c.with_alpha(0.12, |c| c.ellipse(x + 4.0, 486.0 + r, r, 5.0, BLACK));
        c.circle(x, 488.0, r, WHITE);
    }
}

pub(super) fn phong_kham(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 380.0, 0xe8f4ef, 0xd0e6de);
    // Floor tiles: seams fan out from a vanishing point above the room.
    c.rect(0.0, 380.0, 960.0, 160.0, 0xd4c6ae);
    for i in 0..12 {
        let x = 80.0 * i as f32;
        c.line((x, 380.0), (x * 1.6 - 288.0, 540.0), 2.0, 0xc2b296);
    }
    c.rect(0.0, 440.0, 960.0, 2.0, 0xc2b296);
    c.rect(0.0, 374.0, 960.0, 8.0, 0xb6cbc3);
    // Window with a curtain, a first-aid cabinet and a clock.
    c.rect(90.0, 60.0, 230.0, 170.0, WHITE);
    c.gradient(100.0, 70.0, 210.0, 150.0, 0x8cc8ef, 0xd9effa);
    c.ellipse(170.0, 190.0, 70.0, 30.0, 0x8bc47a);
    c.rect(203.0, 70.0, 4.0, 150.0, WHITE);
    c.rect(60.0, 50.0, 44.0, 200.0, 0x7fb3d5);
    c.rect(560.0, 80.0, 120.0, 90.0, WHITE);
    c.rect(560.0, 164.0, 120.0, 6.0, 0xc8d3d0);
    red_cross(c, 620.0, 122.0, 42.0);
    c.ring((820.0, 110.0), (36.0, 36.0), 0.86, 0x546e7a);
    c.circle(820.0, 110.0, 31.0, WHITE);
    let hands = [(820.0, 88.0), (820.0, 110.0), (836.0, 118.0)];
    c.polyline(&hands, 4.0, 0x37474f);
    // Examination bed.
    c.rect(110.0, 232.0, 16.0, 170.0, 0x8e9aa3);
    c.rect(126.0, 296.0, 380.0, 18.0, 0x8e9aa3);
    for x in [140.0, 484.0] {
        c.rect(x, 314.0, 12.0, 80.0, 0x8e9aa3);
        c.circle(x + 6.0, 398.0, 9.0, 0x37474f);
    }
    c.rect(126.0, 266.0, 380.0, 32.0, WHITE);
    c.rect(270.0, 262.0, 236.0, 40.0, 0x6fa8dc);
    c.ellipse(186.0, 262.0, 52.0, 16.0, 0xf1f1f1);
    // Doctor's desk and chair; the monitor shows a heartbeat.
    c.rect(600.0, 290.0, 300.0, 16.0, 0xa0704a);
    c.rect(810.0, 306.0, 84.0, 96.0, WOOD);
    c.rect(608.0, 306.0, 12.0, 96.0, WOOD);
    c.rect(848.0, 330.0, 10.0, 4.0, 0xd9c6a5);
    c.rect(848.0, 368.0, 10.0, 4.0, 0xd9c6a5);
    c.rect(660.0, 198.0, 124.0, 82.0, 0x2f3640);
    c.rect(666.0, 204.0, 112.0, 68.0, 0x9fd3f0);
    let beat = [
        676.0, 250.0, 700.0, 250.0, 708.0, 226.0, 718.0, 262.0, 726.0, 250.0, 768.0, 250.0,
    ];
    c.polyline(&pairs(&beat), 3.0, 0x2e9d4f);
    c.rect(714.0, 280.0, 16.0, 10.0, 0x2f3640);
    c.rect(640.0, 284.0, 60.0, 6.0, 0x555c66);
    c.ellipse(540.0, 330.0, 28.0, 38.0, 0x3f6fb5);
    c.rect(536.0, 366.0, 8.0, 30.0, 0x555c66);
    c.rect(516.0, 394.0, 48.0, 6.0, 0x555c66);
}

pub(super) fn tap_huan(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 360.0, 0xf6efe0, 0xe6d9bd);
    c.rect(0.0, 360.0, 960.0, 180.0, 0xb89a74);
    // Whiteboard with a title, a rising line, a bar chart and bullet points.
    c.rect(220.0, 44.0, 520.0, 250.0, 0x9aa3ab);
    c.rect(232.0, 56.0, 496.0, 226.0, 0xfdfdfd);
    c.rect(260.0, 80.0, 220.0, 14.0, 0x1f4e8c);
    let trend = [270.0, 250.0, 310.0, 215.0, 350.0, 228.0, 400.0, 160.0];
    c.polyline(&pairs(&trend), 4.0, RED);
    for (i, h) in [44.0, 70.0, 56.0, 90.0].into_iter().enumerate() {
        let col = [BLUE, 0xe57373, 0x81c784, 0xffb74d][i];
        c.rect(452.0 + 42.0 * i as f32, 260.0 - h, 30.0, h, col);
    }
    c.rect(442.0, 260.0, 180.0, 3.0, 0x555555);
    for i in 0..3 {
        let y = 104.0 + 24.0 * i as f32;
        c.circle(520.0, y + 4.0, 5.0, 0x555555);
        c.rect(534.0, y, 150.0 - 30.0 * i as f32, 8.0, 0xb0b8c0);
    }
    c.rect(232.0, 282.0, 496.0, 10.0, 0x8a939b);
    // Trainer pointing at the board.
    c.rect(792.0, 300.0, 20.0, 62.0, 0x37474f);
    c.rect(818.0, 300.0, 20.0, 62.0, 0x37474f);
    c.line((800.0, 238.0), (748.0, 196.0), 14.0, 0x4c8c6a);
    c.trapezoid((786.0, 844.0, 226.0), (782.0, 848.0, 310.0), 0x4c8c6a);
    person(c, (815.0, 196.0), 0.9, 0x4c8c6a, true);
    // Desks and trainees seen from the back of the room.
    for row in 0..3 {
        let s = 0.85 + 0.3 * row as f32;
        let y = 372.0 + 62.0 * row as f32;
        for i in 0..4 {
            let x = 120.0 + 240.0 * i as f32 + if row == 1 { 30.0 } else { 0.0 };
            c.rect(x - 90.0 * s, y - 10.0 * s, 180.0 * s, 14.0 * s, 0xd7b98e);
            for (k, dx) in [(0, -40.0 * s), (3, 40.0 * s)] {
                person(c, (x + dx, y + 10.0 * s), s, shirt(i + 2 * row + k), false);
            }
        }
    }
}

pub(super) fn hien_mau(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 540.0, 0xfff3f3, 0xf8cdd2);
    c.with_alpha(0.35, |c| {
        c.circle(120.0, 110.0, 90.0, WHITE);
        c.circle(860.0, 420.0, 120.0, WHITE);
    });
    c.with_alpha(0.5, |c| {
        for (x, y) in [(110.0, 380.0), (820.0, 110.0), (200.0, 220.0)] {
            red_cross(c, x, y, 34.0);
        }
    });
    tear_drop(c, 400.0, 300.0, 130.0, 250.0, 0xc62828);
    c.with_alpha(0.3, |c| c.ellipse(350.0, 270.0, 30.0, 56.0, WHITE));
    // Heart: two round lobes and a triangle joining them near their tangents.
    let (hx, hy, s) = (600.0, 360.0, 70.0);
    c.circle(hx - s * 0.5, hy, s * 0.56, 0xff6f86);
    c.circle(hx + s * 0.5, hy, s * 0.56, 0xff6f86);
    let top = (hx - s * 1.04, hx + s * 1.04, hy + s * 0.2);
    c.trapezoid(top, (hx, hx, hy + s * 1.3), 0xff6f86);
    c.with_alpha(0.45, |c| {
        c.circle(hx - s * 0.62, hy - s * 0.15, s * 0.16, WHITE)
    });
    let beat = [
        40.0, 490.0, 300.0, 490.0, 330.0, 460.0, 360.0, 520.0, 390.0, 440.0, 420.0, 490.0,
    ];
    let mut pulse = pairs(&beat);
    pulse.push((920.0, 490.0));
    c.polyline(&pulse, 5.0, 0xe57373);
}

pub(super) fn kiem_tra(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 540.0, 0xc99a6a, 0xa6724a);
    c.with_alpha(0.15, |c| {
        for i in 0..9 {
            let y = 30.0 + 62.0 * i as f32;
            c.stroke((0.0, y), (960.0, y + 10.0), 3.0, 0x5d3a1e);
        }
    });
    // Clipboard with its clip and a checklist, four items ticked.
    c.with_alpha(0.25, |c| c.rect(262.0, 52.0, 400.0, 490.0, BLACK));
    c.rect(250.0, 40.0, 400.0, 500.0, WOOD);
    c.rect(274.0, 88.0, 352.0, 440.0, 0xfdfdfb);
    c.rect(386.0, 26.0, 128.0, 50.0, 0xb0b7bd);
    c.rect(416.0, 14.0, 68.0, 22.0, 0x8f969c);
    c.circle(450.0, 24.0, 6.0, WOOD);
    c.rect(304.0, 112.0, 210.0, 16.0, 0x1f4e8c);
    for i in 0..6 {
        let y = 160.0 + 56.0 * i as f32;
        c.rect(304.0, y, 32.0, 32.0, 0x607d8b);
        c.rect(308.0, y + 4.0, 24.0, 24.0, WHITE);
        if i < 4 {
            check_mark(c, 321.0, y + 14.0, 12.0, 0x2e9d4f);
        }
        let w = 240.0 - 28.0 * (i % 3) as f32;
        c.rect(354.0, y + 10.0, w, 12.0, 0xb9c0c7);
    }
    c.line((720.0, 140.0), (870.0, 70.0), 16.0, 0x1e5aa8);
    c.line((712.0, 144.0), (720.0, 140.0), 6.0, 0x37474f);
    // Magnifier: the lens is only a tint, so the checklist shows through it.
    c.line((690.0, 430.0), (800.0, 530.0), 30.0, 0x5d4037);
    c.ring((620.0, 360.0), (100.0, 100.0), 0.86, 0x37474f);
    c.with_alpha(0.3, |c| c.circle(620.0, 360.0, 86.0, 0x9fd3f0));
    c.with_alpha(0.5, |c| c.ellipse(586.0, 320.0, 26.0, 14.0, WHITE));
}
