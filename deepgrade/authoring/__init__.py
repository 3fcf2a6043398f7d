"""deepgrade.authoring"""
