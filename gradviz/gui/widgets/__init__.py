"""Reusable widgets and plotting helpers shared by the panels."""
