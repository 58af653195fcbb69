"""The sort and list-view controls' BER, as RFC 2891 and the VLV draft spell it (no server needed)."""

from directory import listview

RULE = b"\x80\x17caseIgnoreOrderingMatch"


def test_sort_control_names_each_key_with_the_case_ignoring_rule_and_the_reverse_flag():
    oid, critical, value = listview.sort_control(("cn", "uid"), reverse=True)
    assert (oid, critical) == (listview.SORT_OID, True)
    cn = b"\x04\x02cn" + RULE + b"\x81\x01\xff"
    uid = b"\x04\x03uid" + RULE + b"\x81\x01\xff"
    assert value == b"\x30\x45" + b"\x30\x20" + cn + b"\x30\x21" + uid


def test_sort_control_leaves_out_the_reverse_flag_when_ascending():
    assert listview.sort_control(("cn",))[2] == b"\x30\x1f\x30\x1d\x04\x02cn" + RULE


def test_vlv_control_asks_for_count_entries_by_offset_with_the_context():
    oid, critical, value = listview.vlv_control(21, 10, b"ctx")
    assert (oid, critical) == (listview.VLV_OID, True)
    # before 0, after 9, byOffset [0] {offset 21, contentCount 0}, contextID "ctx"
    assert value == bytes.fromhex("3013020100020109a006020115020100") + b"\x04\x03ctx"


def test_vlv_answer_reads_the_lists_length_and_context():
    # targetPosition 1, contentCount 300 (two bytes), result success, contextID "ab"
    answer = bytes.fromhex("300e020101020201 2c0a0100 04026162".replace(" ", ""))
    assert listview.vlv_answer(answer) == (300, b"ab")
    assert listview.vlv_answer(bytes.fromhex("300a02010102020 12c0a0100".replace(" ", ""))) == (
        300,
        b"",
    )
    assert listview.vlv_answer(None) == (0, b"")
