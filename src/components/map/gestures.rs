//! Zoom and pan by pointer: a drag with one pointer pans, a pinch with two scales. The zoom follows
//! the pointers in its signal; the URL gets it when the last pointer lifts.

use gongkai_view::map::zoom::{pinch_factor, TAP_SLOP};
use gongkai_view::map::Zoom;
use leptos::prelude::*;
use web_sys::PointerEvent;

/// The pointers down on the map and how far they travelled since the first went down.
#[derive(Clone, Copy)]
pub struct Gestures {
    pointers: StoredValue<Vec<(i32, f64, f64)>>,
    travel: StoredValue<f64>,
    zoom: RwSignal<Zoom>,
    px_width: RwSignal<f64>,
    vb: [i32; 4],
}

impl Gestures {
    pub fn new(zoom: RwSignal<Zoom>, px_width: RwSignal<f64>, vb: [i32; 4]) -> Gestures {
        Gestures { pointers: StoredValue::new(Vec::new()), travel: StoredValue::new(0.0), zoom, px_width, vb }
    }

    pub fn down(&self, ev: &PointerEvent) {
        self.travel.set_value(0.0);
        self.pointers.update_value(|p| {
            p.retain(|q| q.0 != ev.pointer_id());
            p.push((ev.pointer_id(), ev.client_x() as f64, ev.client_y() as f64));
        });
    }

    pub fn moved(&self, ev: &PointerEvent) {
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        let ps = self.pointers.get_value();
        let Some(i) = ps.iter().position(|q| q.0 == ev.pointer_id()) else { return };
        let (_, x0, y0) = ps[i];
        let vb = self.vb;
        if ps.len() == 1 {
            let (dx, dy) = (x - x0, y - y0);
            self.travel.update_value(|t| *t += dx.abs() + dy.abs());
            if self.is_drag() {
                let w = self.px_width.get_untracked();
                self.zoom.update(|z| *z = z.panned(dx, dy, w, vb));
            }
        } else if let Some(&(_, ox, oy)) = ps.iter().find(|q| q.0 != ev.pointer_id()) {
            // A pinch is never a tap.
            self.travel.set_value(f64::INFINITY);
            if let Some(f) = pinch_factor((x0, y0), (x, y), (ox, oy)) {
                self.zoom.update(|z| *z = z.scaled(f, vb));
            }
        }
        self.pointers.update_value(|p| {
            if let Some(q) = p.get_mut(i) {
                *q = (ev.pointer_id(), x, y);
            }
        });
    }

    /// A pointer lifted (or left, or was cancelled): true once none is down, when the gesture ended.
    pub fn up(&self, ev: &PointerEvent) -> bool {
        self.pointers.update_value(|p| p.retain(|q| q.0 != ev.pointer_id()));
        self.pointers.with_value(Vec::is_empty)
    }

    /// Whether the pointers travelled far enough for a drag: then the click that ends it is no tap.
    pub fn is_drag(&self) -> bool {
        self.travel.get_value() > TAP_SLOP
    }
}
