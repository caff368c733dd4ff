"""The pseudonym of a child: a keyed hash of its names and birth date, the same whichever way it is computed
(the importer computes 200,000 at once with HMAC's keyed states computed once; clas.domain.privacy)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest

from clas.domain.privacy import child_id, child_ids, person_key

pytestmark = pytest.mark.unit

NAMES = ["Dupont Marie", "Marie Dupont", "Élodie N'Diaye", "Lucas"]
BORN = [dt.date(2015, 1, 2), dt.date(2015, 1, 2), dt.date(2016, 12, 31), dt.date(2014, 6, 1)]


@pytest.mark.parametrize("key_bytes", [1, 32, 64, 65, 100])
def test_the_batch_gives_the_ids_of_one_at_a_time_for_any_key_length(key_bytes):
    key = bytes(range(key_bytes))
    one_by_one = [child_id(key, person_key(n, ""), d) for n, d in zip(NAMES, BORN)]
    assert child_ids(key, NAMES, BORN) == one_by_one
    # and that is HMAC-SHA256 of « names in sorted order|date », cut to 24 hex digits
    assert one_by_one[2] == hmac.new(key, "N'Diaye Élodie|2016-12-31".encode(), hashlib.sha256).hexdigest()[:24]


def test_word_order_does_not_change_the_id_but_the_key_does():
    a, b = child_ids(b"k" * 32, NAMES[:2], BORN[:2])
    assert a == b
    assert child_ids(b"j" * 32, NAMES[:1], BORN[:1])[0] != a
