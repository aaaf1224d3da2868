"""What a player's own answer looks like to the server's messages: whether they answered
at all (a missed question is not a wrong one), and which answer a reloaded phone sent."""
import pytest

from tests.helpers import pack, single
from tests.live import Client

pytestmark = pytest.mark.live


def test_result_says_who_answered_and_a_rejoin_gets_the_answer_back(live_server):
    room = live_server.create_room(quiz=pack(single(answer=1, time_limit=30)))
    pin = room["pin"]
    host = Client(live_server.url)
    ada, bob = Client(live_server.url), Client(live_server.url)
    try:
        assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
        seat = ada.call("player:join", {"pin": pin, "nickname": "Ada"})
        assert bob.call("player:join", {"pin": pin, "nickname": "Bob"})["ok"]
        assert host.call("host:start", {"pin": pin}) == {"ok": True}
        ada.wait_for("question:start")
        assert ada.call("player:answer", {"index": 0, "answer": 2})["ok"]

        # Ada reloads her phone: the snapshot says which tile she picked
        ada.close()
        again = Client(live_server.url)
        back = again.call("player:rejoin", {"pin": pin, "player_token": seat["player_token"]})
        assert back["ok"] and back["answered"] is True
        assert back["state"]["you"]["answer"] == 2
        # the host reloads too: the answered count is in its snapshot
        console = Client(live_server.url)
        state = console.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
        assert state["state"]["answered"] == 1

        assert host.call("host:next", {"pin": pin}) == {"ok": True}
        assert again.wait_for("player:result")[0]["answered"] is True
        missed = bob.wait_for("player:result")[0]
        assert missed["answered"] is False and missed["correct"] is False
        again.close()
        console.close()
    finally:
        for client in (host, ada, bob):
            client.close()
