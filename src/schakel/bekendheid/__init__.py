"""The house's side of the federated bekendheidscheck (docs/middenvelder.md).

Publication: the pseudonyms of the persons with a BSN in the house's active cases go to the
middenvelder (full sync by `publiceer()`, scheduled; a delta after each case opening or closing).
Question: the ZSM question and a registration by house staff ask the middenvelder once which other
houses know the person, and show "Ook bekend bij …, contactpunt …" or nothing."""
