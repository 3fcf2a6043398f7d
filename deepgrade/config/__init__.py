"""deepgrade.config"""
