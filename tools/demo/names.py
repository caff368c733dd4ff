"""Synthetic children's names: a first name and a surname drawn independently, as diverse as the pupils
of a French city. Only characters that Windows-1252 can encode (one demo provider exports CSV in it).
No list pairs a first name with a surname, so no real person is described.
"""

from __future__ import annotations

GIRLS = """Emma Jade Louise Alice Chloé Lina Léa Mila Inès Rose Anna Ambre Julia Mia Zoé Léna Manon Sarah
Camille Lola Nour Aya Yasmine Maryam Sofia Assia Kenza Salma Imane Meriem Aïcha Fatoumata Mariam Awa Hawa
Kadiatou Binta Océane Clara Eva Lucie Noémie Maëlys Romane Agathe Margaux Elif Zeynep Ana Beatriz Inaya
Maïssa Ilyana Djeneba Rokia Naomi Grace Esther Priscille Shaïna Kelly Jessica Sonia Amira Hiba Lilia""".split()
BOYS = """Gabriel Léo Raphaël Louis Arthur Jules Adam Lucas Noah Hugo Maël Tom Nathan Ethan Théo Sacha
Mohamed Ibrahim Ismaël Yanis Ayoub Rayan Bilal Amine Mehdi Karim Youssef Ilyes Moussa Mamadou Oumar
Souleymane Boubacar Issa Seydou Aboubacar Enzo Mathis Timéo Baptiste Kylian Evan Noam Elias Emir Yusuf
Kerem Tiago Rafael João Diego Samuel David Daniel Joseph Jordan Kevin Steven Dylan Wassim Anas Hamza
Nassim Lounis Sami""".split()
SURNAMES = """Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre
Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet
François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin
Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Benali Haddad Mansouri
Cherif Bensaïd Amrani Belkacem Boudjema Saïdi Hamidi Khelifi Zerrouki Brahimi Meziane Ouali Kaci
Benyahia Traoré Diallo Koné Camara Cissé Sow Diop Keïta Touré Sylla Konaté Bamba Ndiaye Fofana Sissoko
Mendy Kanté Da_Silva Pereira Ferreira Rodrigues Fernandes Gonçalves Lopes Oliveira Santos Yilmaz Kaya
Demir Çelik Öztürk Aydin Nguyen Tran Pham Le Kumar Sivakumar Dos_Santos Mbemba Kabongo Ilunga
Tshibanda Boateng Mensah Ramos Moreira Azoulay Cohen Lévy Haddou Bouzid""".split()
SURNAMES = [s.replace("_", " ") for s in SURNAMES]  # "Da_Silva" above keeps two-word names whole
