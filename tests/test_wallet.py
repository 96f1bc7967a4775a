"""Wallets: btcli's files via bittensor-wallet, encrypted coldkey, 0600 files, secrets kept secret."""

import stat
import subprocess

import pytest

import bittensor_lite as bl
from bittensor_lite import btauth
from bittensor_lite.errors import WalletError, WalletPasswordError
from bittensor_lite.wallet import Mnemonic, Wallet

# Every test but one creates or unlocks a coldkey, and argon2 makes that take seconds.
pytestmark = pytest.mark.slow

PW = "correct horse battery"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """One wallet for the read-only tests (encrypting a coldkey is deliberately slow: argon2)."""
    w = Wallet("alice", "miner1", path=tmp_path_factory.mktemp("wallets"))
    cold, hot = w.create(password=PW)
    return w, cold, hot


def private_hex(mnemonic):
    """The private key a mnemonic stands for (derived independently, with substrate-interface)."""
    from substrateinterface import Keypair

    return Keypair.create_from_mnemonic(mnemonic.reveal()).private_key.hex()


def test_create_writes_btcli_files_0600(made, tmp_path):
    w, cold, hot = made
    files = [w.coldkey_file, w.coldkeypub_file, w.hotkey_file, w.hotkey_file.with_name("miner1pub.txt")]
    for f in files:
        assert f.exists(), f
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    assert w.exists()
    assert len(cold.reveal().split()) == 12 and cold.reveal() != hot.reveal()


def test_coldkey_is_encrypted_at_rest(made):
    w, cold, _ = made
    raw = w.coldkey_file.read_bytes()
    for secret in (cold.reveal(), cold.reveal().split()[0], private_hex(cold)):
        assert secret.encode() not in raw
    from substrateinterface import Keypair

    assert Keypair.create_from_mnemonic(cold.reveal()).ss58_address == w.coldkeypub.ss58_address


def test_wrong_password_is_one_clear_error(made, monkeypatch):
    w, _, _ = made
    fresh = Wallet("alice", "miner1", path=w.path)
    with pytest.raises(WalletPasswordError, match="wrong password") as exc:
        fresh.unlock("not it")
    assert "not it" not in str(exc.value)
    monkeypatch.setenv("BITTENSOR_LITE_PASSWORD", PW)
    assert Wallet("alice", "miner1", path=w.path).coldkey.ss58_address == w.coldkeypub.ss58_address


def test_never_overwrites_without_asking(tmp_path):
    w = Wallet("carol", "h", path=tmp_path)
    w.create(password=PW)
    before = w.coldkey_file.read_bytes()
    with pytest.raises(WalletError, match="overwrite"):
        w.create(password=PW)
    assert w.coldkey_file.read_bytes() == before
    w.create(password=PW, overwrite=True)
    assert w.coldkey_file.read_bytes() != before


def test_regenerate_from_mnemonic_gives_the_same_keys(made, tmp_path):
    w, cold, hot = made
    again = Wallet("restored", "miner1", path=tmp_path)
    again.regenerate_coldkey(cold, password="another password")
    again.regenerate_hotkey(hot.reveal())
    assert again.coldkeypub.ss58_address == w.coldkeypub.ss58_address
    assert again.hotkey.ss58_address == w.hotkey.ss58_address
    with pytest.raises(WalletError, match="mnemonic"):
        Wallet("bad", "h", path=tmp_path).regenerate_hotkey("not a real mnemonic at all")


def test_secrets_never_in_reprs(made):
    w, cold, hot = made
    w.unlock(PW)
    texts = [repr(w), str(w), repr(cold), str(hot), repr(w.hotkey), repr(w.coldkey), str(w.coldkey)]
    windows = [" ".join(m.reveal().split()[i:i + 3]) for m in (cold, hot) for i in range(10)]
    secrets = [private_hex(cold), private_hex(hot), cold.reveal(), hot.reveal(), *windows]
    for t in texts:
        for s in secrets:
            assert s not in t
    assert isinstance(cold, Mnemonic) and "hidden" in repr(cold)


def test_missing_wallet_is_a_clear_error(tmp_path):
    w = Wallet("nobody", path=tmp_path)
    with pytest.raises(WalletError, match="create it first"):
        _ = w.hotkey
    with pytest.raises(WalletError, match="create it first"):
        w.unlock(PW)


def test_hotkey_signs_btauth_requests(made):
    w, _, _ = made
    receiver = bl.dev_wallet("r").hotkey.ss58_address
    h = btauth.sign(w.hotkey, method="POST", path="/Echo", body=b"{}", receiver=receiver)
    caller = btauth.verify(h, b"{}", method="POST", path="/Echo", receiver=receiver, nonce_store=btauth.NonceStore())
    assert caller.hotkey_ss58 == w.hotkey.ss58_address


def test_real_sdk_opens_our_wallet_and_we_open_its(made, real_python, tmp_path):
    w, _, _ = made
    code = (
        "import sys, bittensor as bt\n"
        "w = bt.Wallet(name='alice', hotkey='miner1', path=sys.argv[1])\n"
        "print(w.hotkey.ss58_address, w.coldkeypub.ss58_address)\n"
    )
    out = subprocess.run([real_python, "-c", code, str(w.path)], capture_output=True, text=True, timeout=120)
    assert out.stdout.split()[-2:] == [w.hotkey.ss58_address, w.coldkeypub.ss58_address], out.stderr
    # and a wallet written by the real SDK's own library opens here
    theirs = tmp_path / "theirs"
    make = (
        "import sys, bittensor as bt\n"
        "w = bt.Wallet(name='bob', hotkey='h', path=sys.argv[1])\n"
        "w.create_new_coldkey(n_words=12, use_password=True, overwrite=False, suppress=True, coldkey_password=sys.argv[2])\n"
        "w.create_new_hotkey(n_words=12, use_password=False, overwrite=False, suppress=True)\n"
        "print(w.coldkeypub.ss58_address, w.hotkey.ss58_address)\n"
    )
    made_there = subprocess.run([real_python, "-c", make, str(theirs), PW], capture_output=True, text=True, timeout=120)
    assert made_there.returncode == 0, made_there.stderr[-2000:]
    cold_addr, hot_addr = made_there.stdout.split()[-2:]
    ours = Wallet("bob", "h", path=theirs)
    ours.unlock(PW)
    assert (ours.coldkey.ss58_address, ours.hotkey.ss58_address) == (cold_addr, hot_addr)
