"""Foods: the curated bilingual table, the SQLite food store, USDA importers, search and food-log parsing.

The store (`magcheck.foods.store.FoodStore`) is what every interface reads; it is rebuilt from the
curated table shipped in the package and, after `magcheck foods import`, from the user's USDA files.
"""
