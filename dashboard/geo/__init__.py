"""Map geometry with no Dash in it: a computed hex tile map and the real ONS boundaries."""
