//! The team colours, defined once: the report's charts and swatches print them, and the game
//! draws its team chips, swatches and radar overlays in them (`ui::theme::team_colour`).

/// One colour per team in set-up order (a workshop has at most eight), distinguishable in
/// print and for common colour-vision deficiencies; the game's default team names follow it.
pub const TEAM_COLOURS: [&str; 8] = [
    "#0b6e99", "#c2410c", "#4d7c0f", "#7e22ce", "#b91c1c", "#0f766e", "#a16207", "#334155",
];

/// The n-th team's colour as `#rrggbb` (the palette repeats past eight).
pub fn team_colour(n: usize) -> &'static str {
    TEAM_COLOURS[n % TEAM_COLOURS.len()]
}

/// The n-th team's colour as red, green and blue.
pub fn team_rgb(n: usize) -> [u8; 3] {
    rgb(team_colour(n))
}

/// `#rrggbb` as red, green and blue.
const fn rgb(hex: &str) -> [u8; 3] {
    const fn digit(b: u8) -> u8 {
        match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => panic!("not a hex digit"),
        }
    }
    let b = hex.as_bytes();
    assert!(b.len() == 7 && b[0] == b'#', "a colour is #rrggbb");
    [
        digit(b[1]) * 16 + digit(b[2]),
        digit(b[3]) * 16 + digit(b[4]),
        digit(b[5]) * 16 + digit(b[6]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_colour_reads_as_rgb_and_the_palette_repeats() {
        assert_eq!(team_rgb(0), [0x0b, 0x6e, 0x99]);
        assert_eq!(team_rgb(7), [0x33, 0x41, 0x55]);
        assert_eq!(team_colour(8), team_colour(0));
        for (i, c) in TEAM_COLOURS.iter().enumerate() {
            let [r, g, b] = team_rgb(i);
            assert_eq!(format!("#{r:02x}{g:02x}{b:02x}"), *c);
        }
    }
}
