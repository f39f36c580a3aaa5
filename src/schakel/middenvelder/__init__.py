"""The middenvelder: the small service between houses that answers "which houses know this pseudonym".

It is part of this project but not part of a house: it runs as its own process
(`schakel middenvelder --bind … --db …` or `python -m schakel.middenvelder`), with its own SQLite
file, and needs neither Django nor a house's database. It only ever holds keyed-hash pseudonyms
(HMAC-SHA256 with a key the houses share and the middenvelder never has), the registered houses with
their contact point, and an append-only log of every question. See docs/middenvelder.md."""
