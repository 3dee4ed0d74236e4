"""Exchanges and business: ideas put into practice, contacts between members, referrals,
offers and needs with their suggestions, and the network they weave (issue 7)."""
