from doleances.core.hashchain import GENESIS, canonical, chain_hash


def test_hash_depends_on_previous_hash_and_content():
    first = chain_hash(GENESIS, {"a": 1})
    assert first != chain_hash(GENESIS, {"a": 2})
    assert chain_hash(first, {"b": 1}) != chain_hash(GENESIS, {"b": 1})


def test_canonical_json_ignores_key_order_and_keeps_accents():
    assert canonical({"b": "é", "a": 1}) == canonical({"a": 1, "b": "é"}) == '{"a":1,"b":"é"}'.encode()
