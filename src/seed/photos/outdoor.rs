//! Scenes outdoors: the hospital, the ambulance, the village, the market.

use super::canvas::*;

pub(super) fn benh_vien(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 420.0, 0x6fb1e4, 0xd9eef9);
    c.circle(840.0, 80.0, 42.0, 0xfff3c4);
    cloud(c, 150.0, 80.0, 1.0);
    cloud(c, 640.0, 50.0, 0.8);
    c.rect(0.0, 410.0, 960.0, 130.0, 0x7cb65a);
    c.trapezoid((440.0, 520.0, 410.0), (360.0, 600.0, 540.0), 0xd9d4c7);
    c.rect(170.0, 170.0, 620.0, 240.0, 0xf3efe6);
    c.rect(160.0, 158.0, 640.0, 14.0, 0xbdb6a8);
    c.rect(170.0, 396.0, 620.0, 14.0, 0xd8d1c2);
    // Four columns of windows in each wing, either side of the central tower.
    for (col, row) in (0..8).flat_map(|x| (0..4).map(move |y| (x, y))) {
        let x = if col < 4 { 190.0 } else { 376.0 } + 52.0 * col as f32;
        let y = 190.0 + 52.0 * row as f32;
        c.rect(x, y, 30.0, 36.0, GLASS);
        c.rect(x + 3.0, y + 3.0, 8.0, 30.0, 0xb7dcf3);
    }
    c.rect(400.0, 90.0, 160.0, 320.0, WHITE);
    c.rect(392.0, 80.0, 176.0, 14.0, 0xbdb6a8);
    red_cross(c, 480.0, 145.0, 72.0);
    for i in 0..4 {
        let (x, y) = (428.0 + 74.0 * (i % 2) as f32, 206.0 + 52.0 * (i / 2) as f32);
        c.rect(x, y, 30.0, 36.0, GLASS);
    }
    c.rect(410.0, 318.0, 140.0, 14.0, BLUE);
    c.rect(440.0, 332.0, 80.0, 78.0, 0x5d8fb8);
    c.rect(478.0, 332.0, 4.0, 78.0, 0x3d6f98);
    for x in [200.0, 260.0, 320.0, 640.0, 700.0, 760.0] {
        c.ellipse(x, 410.0, 34.0, 18.0, 0x5a9e48);
    }
    tree(c, 80.0, 430.0, 1.3);
    tree(c, 880.0, 430.0, 1.2);
}

pub(super) fn xe_cuu_thuong(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 340.0, 0x8ec9ef, 0xe4f3fb);
    cloud(c, 160.0, 70.0, 1.0);
    cloud(c, 760.0, 110.0, 0.7);
    c.ellipse(200.0, 350.0, 320.0, 90.0, 0x8cc27a);
    c.ellipse(760.0, 356.0, 380.0, 100.0, 0x76b064);
    c.rect(0.0, 330.0, 960.0, 44.0, 0x86bf6c);
    c.rect(0.0, 370.0, 960.0, 170.0, 0x5d6166);
    c.rect(0.0, 374.0, 960.0, 6.0, 0xe8e8e8);
    for i in 0..8 {
        c.rect(20.0 + 130.0 * i as f32, 478.0, 70.0, 8.0, 0xf5f5f5);
    }
    // Ambulance facing right: box body, cab with windscreen, stripe and beacons.
    c.with_alpha(0.35, |c| c.ellipse(490.0, 432.0, 300.0, 16.0, BLACK));
    c.rect(200.0, 200.0, 400.0, 214.0, WHITE);
    c.trapezoid((600.0, 700.0, 250.0), (600.0, 770.0, 330.0), WHITE);
    c.rect(600.0, 330.0, 170.0, 84.0, WHITE);
    c.trapezoid((612.0, 694.0, 262.0), (612.0, 748.0, 326.0), 0x9fd3f0);
    c.rect(200.0, 340.0, 570.0, 22.0, RED);
    red_cross(c, 400.0, 270.0, 76.0);
    c.rect(612.0, 236.0, 36.0, 14.0, 0xe53935);
    c.rect(648.0, 236.0, 36.0, 14.0, 0x1e88e5);
    c.rect(212.0, 214.0, 3.0, 190.0, 0xcfd8dc);
    c.rect(598.0, 210.0, 3.0, 204.0, 0xcfd8dc);
    c.rect(680.0, 330.0, 3.0, 84.0, 0xcfd8dc);
    c.rect(750.0, 372.0, 16.0, 18.0, 0xffe58a);
    c.rect(744.0, 404.0, 32.0, 12.0, 0x90a4ae);
    c.rect(192.0, 404.0, 24.0, 12.0, 0x90a4ae);
    for x in [300.0, 670.0] {
        c.circle(x, 414.0, 40.0, 0x222222);
        c.circle(x, 414.0, 18.0, 0xbdbdbd);
    }
}

pub(super) fn lang_que(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 270.0, 0x9fd0f0, 0xf4f6e4);
    c.circle(160.0, 90.0, 40.0, 0xfff1b8);
    cloud(c, 420.0, 70.0, 0.9);
    // Two mountain ridges, each closed along the horizon.
    let far = [
        0.0, 240.0, 140.0, 150.0, 300.0, 220.0, 460.0, 130.0, 640.0, 210.0, 800.0, 140.0,
    ];
    let far = [&far[..], &[960.0, 200.0]].concat();
    let near = [
        0.0, 230.0, 200.0, 200.0, 420.0, 250.0, 700.0, 220.0, 960.0, 245.0,
    ];
    for (ridge, col) in [(&far[..], 0x9bb8a6), (&near[..], 0x739f7d)] {
        let mut pts = pairs(ridge);
        pts.extend([(960.0, 270.0), (0.0, 270.0)]);
        c.polygon(&pts, col);
    }
    // Paddy fields: bands grow taller and rows fan out towards the viewer, for depth.
    let bands = [262.0, 280.0, 302.0, 330.0, 366.0, 412.0, 470.0, 540.0];
    for (i, w) in bands.windows(2).enumerate() {
        let green = [0x9ccc65, 0x7cb342, 0xc5e1a5, 0x8bc34a][i % 4];
        c.rect(0.0, w[0], 960.0, w[1] - w[0], green);
    }
    c.with_alpha(0.25, |c| {
        for k in -12..=12 {
            let (top, bottom) = (480.0 + 8.0 * k as f32, 480.0 + 80.0 * k as f32);
            c.stroke((top, 264.0), (bottom, 540.0), 2.0, 0x33691e);
        }
    });
    c.trapezoid((470.0, 490.0, 262.0), (420.0, 560.0, 540.0), 0xd8c9a0);
    for (x, w) in [(120.0, 60.0), (250.0, 48.0), (840.0, 56.0)] {
        c.rect(x, 236.0, w, 28.0, 0xf0e2c4);
        let mid = x + w / 2.0;
        c.trapezoid((mid, mid, 212.0), (x - 8.0, x + w + 8.0, 238.0), 0xb5553c);
    }
    for (x, s) in [(60.0, 0.6), (340.0, 0.55), (560.0, 0.5), (930.0, 0.65)] {
        tree(c, x, 266.0, s);
    }
    // Commune health station with its flag.
    c.rect(610.0, 200.0, 170.0, 66.0, 0xfafafa);
    c.trapezoid((634.0, 756.0, 172.0), (598.0, 792.0, 202.0), BLUE);
    red_cross(c, 650.0, 230.0, 30.0);
    c.rect(700.0, 222.0, 30.0, 44.0, 0x5d8fb8);
    c.rect(746.0, 220.0, 22.0, 20.0, GLASS);
    c.rect(808.0, 150.0, 3.0, 116.0, 0x777777);
    c.rect(811.0, 150.0, 40.0, 26.0, 0xda251d);
    star(c, 831.0, 163.0, 9.0, 0xffde00);
}

pub(super) fn an_toan_thuc_pham(c: &mut Canvas) {
    c.gradient(0.0, 0.0, 960.0, 540.0, 0xfdf3df, 0xf0d8ac);
    c.rect(84.0, 60.0, 16.0, 330.0, WOOD);
    c.rect(860.0, 60.0, 16.0, 330.0, WOOD);
    // Striped awning with a scalloped edge.
    c.rect(56.0, 30.0, 848.0, 14.0, WOOD);
    for i in 0..12 {
        let x = 70.0 + 68.0 * i as f32;
        let col = [0xe53935, WHITE][i % 2];
        c.rect(x, 44.0, 68.0, 86.0, col);
        c.circle(x + 34.0, 128.0, 34.0, col);
    }
    // A green "checked" badge: the stall passed its food-safety inspection.
    c.circle(480.0, 220.0, 48.0, 0x2e9d4f);
    c.circle(480.0, 220.0, 40.0, 0x43b565);
    check_mark(c, 478.0, 222.0, 22.0, WHITE);
    c.rect(50.0, 370.0, 860.0, 16.0, 0xc48a5c);
    c.rect(60.0, 386.0, 840.0, 154.0, 0xa9744f);
    for y in [424.0, 464.0, 504.0] {
        c.rect(60.0, y, 840.0, 3.0, 0x8f5f3e);
    }
    // Baskets with price tags: piles of tomatoes, limes and oranges, then eggplants.
    let piles = [
        (20.0, 0xe53935, 0xc62828),
        (24.0, 0x7cb342, 0x558b2f),
        (20.0, 0xfb8c00, 0xf57c00),
    ];
    for (b, cx) in [165.0, 375.0, 585.0, 795.0].into_iter().enumerate() {
        if let Some(&(r, light, dark)) = piles.get(b) {
            for (row, i) in (0..3).flat_map(|row| (0..4 - row).map(move |i| (row, i))) {
                let x = cx + (i as f32 - (3 - row) as f32 / 2.0) * r * 1.9;
                let y = 330.0 - row as f32 * r * 1.6;
                c.circle(x, y, r, [light, dark][(i + row) % 2]);
                c.circle(x - r * 0.35, y - r * 0.35, r * 0.25, 0xfff3e0);
            }
        }
        let rim = (cx - 100.0, cx + 100.0, 336.0);
        c.trapezoid(rim, (cx - 84.0, cx + 84.0, 376.0), 0xc9a063);
        c.rect(cx - 96.0, 350.0, 192.0, 3.0, 0xa88048);
        c.rect(cx - 35.0, 400.0, 70.0, 40.0, WHITE);
        c.rect(cx - 25.0, 412.0, 50.0, 6.0, 0x888888);
        c.rect(cx - 25.0, 424.0, 30.0, 6.0, RED);
    }
    for (x, y) in [(760.0, 320.0), (836.0, 320.0), (798.0, 296.0)] {
        c.ellipse(x, y, 40.0, 16.0, 0x6a1b9a);
        c.circle(x - 36.0, y, 9.0, LEAF);
    }
}
