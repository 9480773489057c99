"""Data > Update from CelesTrak: a progress dialog that runs `atlas.data.update.run_update` in a worker
thread (the GUI thread never waits on the network), shows file i of n with a byte count, and has a
Cancel button. On success the app reloads the population from the store, as File > Import does; a
failure, a cancel or the 2-hour throttle leaves the previous catalog in place and says so."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from atlas.data import store, update
from atlas.ui.state import AppState


class _Worker(QThread):
    """Runs one round; reports through queued signals (emitted from this thread, received in the GUI's)."""

    progressed = Signal(object)  # update.Progress
    succeeded = Signal(object, object)  # update.UpdateResult, the new Population (read here, off the GUI thread)
    failed = Signal(object)  # the exception: UpdateThrottled, UpdateCancelled, UpdateError or ContentError

    def __init__(self, kwargs: dict, parent=None):
        super().__init__(parent)
        self.kwargs = kwargs
        self.cancel = threading.Event()

    def run(self) -> None:
        try:
            result = update.run_update(progress=self.progressed.emit, cancel=self.cancel, **self.kwargs)
            population = store.load_active()  # 60k rows take a few tenths of a second: not on the GUI thread
        except Exception as exc:  # every failure is shown to the user; none may kill the thread silently
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result, population)


class UpdateDialog(QDialog):
    """`UpdateDialog(state, parent, base_url=None (CelesTrak), **run_update options)`; `start()` begins the round.
    Signals `finished_update(result)` after the population was reloaded, `update_failed(message)`."""

    finished_update = Signal(object)
    update_failed = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None, base_url: str | None = None, **options):
        super().__init__(parent)
        base_url = base_url or update.DEFAULT_BASE
        self.state = state
        self.setWindowTitle(self.tr("Update from CelesTrak"))
        self.setMinimumWidth(480)
        self.file_label = QLabel(self.tr("Connecting to {base}\u2026").format(base=base_url))
        self.file_label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first file reports its size
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.file_label, self.bar, self.detail, self.buttons):
            layout.addWidget(w)
        self.worker = _Worker({"base_url": base_url, **options}, self)
        self.worker.progressed.connect(self._progress)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)

    @classmethod
    def open(cls, state: AppState, parent: QWidget | None = None) -> "UpdateDialog":
        """The menu action: a window-modal dialog that starts at once."""
        dlg = cls(state, parent)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one dialog per click; gone when closed
        dlg.setModal(True)
        dlg.show()
        dlg.start()
        return dlg

    def start(self) -> None:
        self.worker.start()

    def running(self) -> bool:
        return self.worker.isRunning()

    # --- reports from the worker (GUI thread) -------------------------------------------
    def _progress(self, p: update.Progress) -> None:
        if p.stage == "retry":
            self.detail.setText(p.note)
            return
        if p.stage == "import":
            self.file_label.setText(self.tr("All {n} files arrived; importing them as one catalog\u2026").format(n=p.count))
            self.bar.setRange(0, 0)
            self.buttons.setEnabled(False)  # the import is one short transaction: it cannot be cut
            return
        if p.stage == "file" and p.note:  # CelesTrak had no data for this group
            self.detail.setText(self.tr("{name}: CelesTrak has no data for this group").format(name=p.name))
            return
        self.file_label.setText(self.tr("File {i} of {n}: {name}").format(i=p.index, n=p.count, name=p.name))
        if p.total:
            self.bar.setRange(0, p.total)
            self.bar.setValue(p.done)
            self.detail.setText(self.tr("{done:,} of {total:,} bytes").format(done=p.done, total=p.total))
        else:
            self.bar.setRange(0, 0)
            self.detail.setText(self.tr("{done:,} bytes").format(done=p.done))

    def _succeeded(self, result: update.UpdateResult, population) -> None:
        self.state.set_population(population)  # as File > Import does, with the store's new catalog
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        empty = [f.name for f in result.files if f.empty]
        text = self.tr("Updated: the catalog now holds {n:,} objects ({s:.1f} s).").format(n=result.objects, s=result.elapsed_s)
        if empty:
            text += " " + self.tr("CelesTrak had no data for: {names}.").format(names=", ".join(empty))
        self.file_label.setText(text)
        self.detail.setText(
            self.tr("From {base}: {n} files, {loaded:,} records read, {refused:,} refused.").format(
                base=result.source, n=len(result.files) - len(empty), loaded=result.loaded, refused=result.refused
            )
        )
        self._finish()
        self.finished_update.emit(result)

    def _failed(self, exc: Exception) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        if isinstance(exc, store.StoreError):  # the import went through; reading the store back did not
            text = self.tr("The catalog was updated but cannot be read back.")
        else:
            if isinstance(exc, update.UpdateThrottled):
                head = self.tr("Not updated: CelesTrak asks for at most one download every 2 hours.")
            elif isinstance(exc, update.UpdateCancelled):
                head = self.tr("Cancelled.")
            else:
                head = self.tr("The update failed.")
            text = head + " " + self.tr("The previous catalog is still active.")
        self.file_label.setText(text)
        self.detail.setText(str(exc))
        self._finish()
        self.update_failed.emit(str(exc))

    def _finish(self) -> None:
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.setEnabled(True)
        self.adjustSize()  # the closing message may wrap to more lines than the progress did

    # --- closing ------------------------------------------------------------------------
    def reject(self) -> None:
        """Cancel while running (the dialog stays until the worker confirms); close once finished."""
        if self.running():
            self.worker.cancel.set()
            self.file_label.setText(self.tr("Cancelling\u2026"))
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.running():
            self.worker.cancel.set()
            self.worker.wait(5000)
        super().closeEvent(event)
