//! Where the arrow keys go on the map: to the nearest shape in the arrow's direction, by label
//! position, within a cone of about ±60°, nearer to the axis preferred.

/// The shape the arrow `key` (`ArrowLeft` …) moves to from `from`, among `labels` (code, position).
pub fn neighbour(labels: &[(String, [i32; 2])], from: &str, key: &str) -> Option<String> {
    let (_, [x0, y0]) = labels.iter().find(|(c, _)| c == from)?;
    let (dx, dy) = match key {
        "ArrowLeft" => (-1.0, 0.0),
        "ArrowRight" => (1.0, 0.0),
        "ArrowUp" => (0.0, -1.0),
        "ArrowDown" => (0.0, 1.0),
        _ => return None,
    };
    labels
        .iter()
        .filter(|(c, _)| c != from)
        .filter_map(|(c, [x, y])| {
            let (vx, vy) = ((x - x0) as f64, (y - y0) as f64);
            let along = vx * dx + vy * dy;
            let across = (vx * dy - vy * dx).abs();
            (along > 0.0 && across <= along * 1.8).then(|| (c.clone(), along + 2.0 * across))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_to_the_nearest_shape_in_their_direction() {
        //        N(100,0)
        // W(0,100)  C(100,100)  E(200,100)  FE(400,100)
        //        S(100,200)     SE(190,130)
        let labels: Vec<(String, [i32; 2])> = [
            ("C", [100, 100]), ("N", [100, 0]), ("S", [100, 200]), ("W", [0, 100]), ("E", [200, 100]),
            ("FE", [400, 100]), ("SE", [190, 130]),
        ]
        .iter()
        .map(|(c, p)| (c.to_string(), *p))
        .collect();
        let cases = [
            ("C", "ArrowUp", Some("N")),
            ("C", "ArrowDown", Some("S")),
            ("C", "ArrowLeft", Some("W")),
            // SE is nearer along the axis but off it: E wins (along + 2 × across: 100 against 90 + 60).
            ("C", "ArrowRight", Some("E")),
            ("E", "ArrowRight", Some("FE")),
            ("FE", "ArrowRight", None),
            ("N", "ArrowUp", None),
            // N lies up from W at 45°, inside the cone; from FE it lies at 72°, outside.
            ("W", "ArrowUp", Some("N")),
            ("FE", "ArrowUp", None),
            ("S", "ArrowUp", Some("C")),
            ("C", "Enter", None),
            ("nowhere", "ArrowUp", None),
        ];
        for (from, key, want) in cases {
            assert_eq!(neighbour(&labels, from, key).as_deref(), want, "{key} from {from}");
        }
    }
}
