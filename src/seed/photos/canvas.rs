//! The drawing surface and the small shapes the scenes are made of.

use std::ops::Range;

use image::{imageops, RgbImage};

use super::PHOTO_SIZE;

/// Supersampling factor: shapes are rasterised at this multiple of PHOTO_SIZE.
pub(super) const SS: u32 = 2;

/// Colours are 0xRRGGBB, which keeps the scene code short.
pub(super) type Color = u32;
pub(super) type Pt = (f32, f32);
/// A horizontal edge: (left x, right x, y).
pub(super) type Edge = (f32, f32, f32);

pub(super) const WHITE: Color = 0xffffff;
pub(super) const BLACK: Color = 0x000000;
pub(super) const RED: Color = 0xd32f2f;
pub(super) const BLUE: Color = 0x2d6bb5;
pub(super) const GLASS: Color = 0x8cc4e8;
pub(super) const SKIN: Color = 0xe8b98f;
pub(super) const WOOD: Color = 0x8a5d3b;
pub(super) const LEAF: Color = 0x4f9a45;
pub(super) const SHIRTS: [Color; 7] = [
    0x3f6fb5, 0xf2f2f2, 0x8e4d6e, 0x4c8c6a, 0xd9a441, 0x5b5f73, 0xc2554a,
];

/// Deterministic "variety" for repeated figures.
pub(super) fn shirt(i: usize) -> Color {
    SHIRTS[(i * 5 + i / 3) % SHIRTS.len()]
}

/// Pairs up flat x, y coordinates, which keeps long literal paths compact.
pub(super) fn pairs(xy: &[f32]) -> Vec<Pt> {
    xy.chunks_exact(2).map(|p| (p[0], p[1])).collect()
}

/// Drawing surface in logical (output-pixel) coordinates; `alpha` < 1 blends.
pub(super) struct Canvas {
    img: RgbImage,
    alpha: f32,
}

impl Canvas {
    pub(super) fn new() -> Self {
        let (w, h) = PHOTO_SIZE;
        let img = RgbImage::new(w * SS, h * SS);
        Canvas { img, alpha: 1.0 }
    }

    /// Device pixels whose centres fall in the logical interval [lo, hi).
    pub(super) fn span(lo: f32, hi: f32, len: u32) -> Range<usize> {
        let dev = |v: f32| (v * SS as f32 - 0.5).ceil().clamp(0.0, len as f32) as usize;
        dev(lo)..dev(hi)
    }

    pub(super) fn rows(&self, y0: f32, y1: f32) -> Range<usize> {
        Self::span(y0, y1, self.img.height())
    }

    /// Logical coordinate of a device pixel's centre.
    pub(super) fn centre(p: usize) -> f32 {
        (p as f32 + 0.5) / SS as f32
    }

    /// Paints the device pixels of row `py` between logical x0 and x1; every shape ends here.
    pub(super) fn hline(&mut self, py: usize, x0: f32, x1: f32, c: Color) {
        let xs = Self::span(x0, x1, self.img.width());
        if xs.is_empty() {
            return;
        }
        let row = py * self.img.width() as usize;
        let buf: &mut [u8] = &mut self.img;
        let pixels = &mut buf[(row + xs.start) * 3..(row + xs.end) * 3];
        let rgb = &c.to_be_bytes()[1..];
        if self.alpha >= 1.0 {
            pixels
                .chunks_exact_mut(3)
                .for_each(|px| px.copy_from_slice(rgb));
            return;
        }
        for px in pixels.chunks_exact_mut(3) {
            for (d, &s) in px.iter_mut().zip(rgb) {
                let (d0, s) = (f32::from(*d), f32::from(s));
                *d = (d0 + (s - d0) * self.alpha).round() as u8;
            }
        }
    }

    pub(super) fn with_alpha(&mut self, alpha: f32, draw: impl FnOnce(&mut Self)) {
        self.alpha = alpha;
        draw(self);
        self.alpha = 1.0;
    }

    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Color) {
        for py in self.rows(y, y + h) {
            self.hline(py, x, x + w, c);
        }
    }

    pub(super) fn gradient(&mut self, x: f32, y: f32, w: f32, h: f32, top: Color, bottom: Color) {
        let (a, b) = (top.to_be_bytes(), bottom.to_be_bytes());
        for py in self.rows(y, y + h) {
            let t = ((Self::centre(py) - y) / h).clamp(0.0, 1.0);
            let mix = |i: usize| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t) as u8;
            let col = u32::from_be_bytes([0, mix(1), mix(2), mix(3)]);
            self.hline(py, x, x + w, col);
        }
    }

    /// Ellipse with a concentric hole `hole` times its size (0 for a solid one).
    pub(super) fn ring(&mut self, (cx, cy): Pt, (rx, ry): Pt, hole: f32, c: Color) {
        let chord = |d: f32| (1.0 - d * d).max(0.0).sqrt();
        for py in self.rows(cy - ry, cy + ry) {
            let dy = (Self::centre(py) - cy) / ry;
            let outer = rx * chord(dy);
            let inner = if hole > 0.0 {
                rx * hole * chord(dy / hole)
            } else {
                0.0
            };
            self.hline(py, cx - outer, cx - inner, c);
            self.hline(py, cx + inner, cx + outer, c);
        }
    }

    pub(super) fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, c: Color) {
        self.ring((cx, cy), (rx, ry), 0.0, c);
    }

    pub(super) fn circle(&mut self, cx: f32, cy: f32, r: f32, c: Color) {
        self.ring((cx, cy), (r, r), 0.0, c);
    }

    /// Even-odd scanline fill, so any simple polygon works, convex or not.
    pub(super) fn polygon(&mut self, pts: &[Pt], c: Color) {
        let lo = pts.iter().map(|p| p.1).fold(f32::MAX, f32::min);
        let hi = pts.iter().map(|p| p.1).fold(f32::MIN, f32::max);
        let mut xs = Vec::new();
        for py in self.rows(lo, hi) {
            let y = Self::centre(py);
            xs.clear();
            for (i, &(x0, y0)) in pts.iter().enumerate() {
                let (x1, y1) = pts[(i + 1) % pts.len()];
                if (y0 <= y) != (y1 <= y) {
                    xs.push(x0 + (y - y0) / (y1 - y0) * (x1 - x0));
                }
            }
            xs.sort_by(f32::total_cmp);
            for pair in xs.chunks_exact(2) {
                self.hline(py, pair[0], pair[1], c);
            }
        }
    }

    /// Trapezoid between two horizontal edges; an edge with equal x's makes a triangle.
    pub(super) fn trapezoid(&mut self, (a0, a1, ay): Edge, (b0, b1, by): Edge, c: Color) {
        self.polygon(&[(a0, ay), (a1, ay), (b1, by), (b0, by)], c);
    }

    /// Thick segment with square-cut ends.
    pub(super) fn stroke(&mut self, a: Pt, b: Pt, width: f32, c: Color) {
        let k = width / 2.0 / (b.0 - a.0).hypot(b.1 - a.1).max(1e-6);
        let off = |p: Pt, s: f32| (p.0 + (a.1 - b.1) * k * s, p.1 + (b.0 - a.0) * k * s);
        self.polygon(&[off(a, 1.0), off(b, 1.0), off(b, -1.0), off(a, -1.0)], c);
    }

    /// Thick segment with round ends (the caps overlap the body, so draw it opaque).
    pub(super) fn line(&mut self, a: Pt, b: Pt, width: f32, c: Color) {
        self.stroke(a, b, width, c);
        self.circle(a.0, a.1, width / 2.0, c);
        self.circle(b.0, b.1, width / 2.0, c);
    }

    pub(super) fn polyline(&mut self, pts: &[Pt], width: f32, c: Color) {
        for seg in pts.windows(2) {
            self.line(seg[0], seg[1], width, c);
        }
    }

    /// Filters the supersampled canvas down to PHOTO_SIZE.
    pub(super) fn finish(self) -> RgbImage {
        let (w, h) = PHOTO_SIZE;
        imageops::resize(&self.img, w, h, imageops::FilterType::Triangle)
    }
}

pub(super) fn red_cross(c: &mut Canvas, cx: f32, cy: f32, size: f32) {
    let t = size / 3.0;
    c.rect(cx - size / 2.0, cy - t / 2.0, size, t, RED);
    c.rect(cx - t / 2.0, cy - size / 2.0, t, size, RED);
}

/// Head and shoulders with the head at (x, y): a face if `front`, else the back of the head.
pub(super) fn person(c: &mut Canvas, (x, y): Pt, s: f32, clothes: Color, front: bool) {
    c.ellipse(x, y + 42.0 * s, 36.0 * s, 26.0 * s, clothes);
    c.rect(x - 7.0 * s, y + 8.0 * s, 14.0 * s, 12.0 * s, SKIN);
    c.circle(x, y - 3.0 * s, 19.0 * s, 0x2b2220);
    if front {
        c.circle(x, y + 2.0 * s, 17.0 * s, SKIN);
    }
}

pub(super) fn tree(c: &mut Canvas, x: f32, ground: f32, s: f32) {
    c.rect(x - 6.0 * s, ground - 60.0 * s, 12.0 * s, 60.0 * s, 0x6d4c33);
    c.circle(x, ground - 95.0 * s, 36.0 * s, LEAF);
    for dx in [-24.0, 24.0] {
        c.circle(x + dx * s, ground - 70.0 * s, 28.0 * s, LEAF);
    }
    c.circle(x - 10.0 * s, ground - 104.0 * s, 16.0 * s, 0x6cb55e);
}

pub(super) fn cloud(c: &mut Canvas, x: f32, y: f32, s: f32) {
    c.ellipse(x, y, 60.0 * s, 22.0 * s, WHITE);
    c.ellipse(x - 34.0 * s, y + 6.0 * s, 34.0 * s, 16.0 * s, WHITE);
    c.ellipse(x + 22.0 * s, y - 12.0 * s, 32.0 * s, 22.0 * s, WHITE);
}

/// Five-pointed star, point up.
pub(super) fn star(c: &mut Canvas, cx: f32, cy: f32, r: f32, col: Color) {
    let point = |i: usize| {
        let a = std::f32::consts::PI * (i as f32 / 5.0 - 0.5);
        let rr = [r, r * 0.4][i % 2];
        (cx + rr * a.cos(), cy + rr * a.sin())
    };
    c.polygon(&(0..10).map(point).collect::<Vec<_>>(), col);
}

/// Tear drop: a circle of radius `r` at (cx, cy) with its tip `h` above the centre.
pub(super) fn tear_drop(c: &mut Canvas, cx: f32, cy: f32, r: f32, h: f32, col: Color) {
    // The sides are tangents from the tip; they touch the circle where cos(a) = r / h.
    let a = (r / h).acos();
    let (sx, sy) = (r * a.sin(), cy - r * a.cos());
    c.polygon(&[(cx, cy - h), (cx - sx, sy), (cx, cy), (cx + sx, sy)], col);
    c.circle(cx, cy, r, col);
}

pub(super) fn check_mark(c: &mut Canvas, x: f32, y: f32, s: f32, col: Color) {
    let mid = (x - 0.3 * s, y + 0.7 * s);
    c.polyline(&[(x - s, y), mid, (x + s, y - 0.8 * s)], s * 0.35, col);
}
