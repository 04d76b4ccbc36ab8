"""A file email backend that takes its time, as a remote mail server does: the
cluster test kills a worker while it is sending."""

import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    delay = 0.03

    def write_message(self, message):
        super().write_message(message)
        self.stream.flush()  # on disk before the pause: a kill then loses nothing written
        time.sleep(self.delay)
